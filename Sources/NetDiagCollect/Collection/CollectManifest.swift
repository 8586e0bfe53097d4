import Foundation

/// What a collected folder was collected with, kept in the folder as `.netdiag-collect.json`
/// (hidden, so not part of the content hash) so `--refresh` can collect it again the same way.
public struct CollectManifest: Codable, Sendable, Equatable {
    public static let fileName = ".netdiag-collect.json"

    public var region: String
    public var vpcIds: [String]
    /// `all`, `none`, or instance ids, as `--guests` took them.
    public var guests: [String]
    /// `--endpoint` values, as given.
    public var endpoints: [String]
    public var profile: String?
    public var collectedAt: String

    public init(region: String, vpcIds: [String], guests: [String], endpoints: [String], profile: String?, collectedAt: String) {
        self.region = region
        self.vpcIds = vpcIds
        self.guests = guests
        self.endpoints = endpoints
        self.profile = profile
        self.collectedAt = collectedAt
    }

    /// The manifest of a folder `collect` wrote, or nil for a folder without one.
    /// - Throws: `CollectError.output` naming the file and what is wrong when it is there but
    ///   unreadable: a damaged manifest is not taken for a folder `collect` never wrote.
    public static func read(folder: URL) throws(CollectError) -> CollectManifest? {
        let url = folder.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(CollectManifest.self, from: data)
        } catch {
            throw .output("\(url.path): not a collect manifest (\(Self.reason(error))); "
                          + "collect the folder again with `netdiag inventory collect --replace`")
        }
    }

    private static func reason(_ error: Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))"
        case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
            return "\(path(context)): expected \(type == String.self ? "a string" : type == [String].self ? "a list of strings" : "\(type)")"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }

    /// Pretty, key-sorted JSON.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(self)) + [10]
    }
}
