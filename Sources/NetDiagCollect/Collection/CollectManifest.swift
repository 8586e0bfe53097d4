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

    /// The manifest of a folder `collect` wrote, or nil for any other folder.
    public static func read(folder: URL) -> CollectManifest? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(fileName).path) else { return nil }
        return try? JSONDecoder().decode(CollectManifest.self, from: data)
    }

    /// Pretty, key-sorted JSON.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(self)) + [10]
    }
}
