import Foundation
import NetDiagGuestOS
import NetDiagJSON

/// Reads what the bundled collector scripts print (`SYSTEM`, `FILE`, `END` lines, see
/// docs/collect.md) into the files of an `os/<instance-id>/` folder.
public struct GuestOutput: Sendable, Equatable {
    /// `system.json`'s bytes.
    public var system: [UInt8]
    /// Tool outputs by file name (only names `GuestSource` knows).
    public var files: [String: [UInt8]]

    static let mark = "NETDIAG-GUEST-1"

    /// - Parameter dropped: bytes the agent reported it cut from the output.
    /// - Throws: `CollectError.transport` when there is no system line (the script did not run).
    public static func decode(_ output: String, instanceId: String, dropped: Int = 0) throws -> GuestOutput {
        var system: JSONObject?, files: [String: [UInt8]] = [:], ended = false
        let known = Set(GuestSource.allCases.map(\.fileName))
        for raw in output.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard line.hasPrefix(mark + " ") else { continue }
            let words = line.split(separator: " ", maxSplits: 3).map(String.init)
            switch words.count > 1 ? words[1] : "" {
            case "SYSTEM":
                let text = line.dropFirst(mark.count + " SYSTEM ".count)
                system = (try? JSONParser.parse(Array(text.utf8)))?.object
            case "FILE" where words.count >= 3 && known.contains(words[2]):
                // A line cut by the agent is not valid base64 and is dropped with its file.
                if let data = Data(base64Encoded: words.count == 4 ? words[3] : "") { files[words[2]] = [UInt8](data) }
            case "END":
                ended = true
            default:
                continue
            }
        }
        guard var system, system["osType"]?.string != nil else {
            let first = output.split(separator: "\n").first.map { String($0.prefix(200)) } ?? "(no output)"
            throw CollectError.transport(action: "RunCommand", message: "\(instanceId): the collector printed no system line: \(first)")
        }
        // A source recorded ok whose file did not arrive whole was lost to truncation.
        if let at = system.keys.firstIndex(of: "collected"), var collected = system.values[at].object {
            for source in GuestSource.allCases where collected[source.rawValue]?.string == "ok" && files[source.fileName] == nil {
                let why = dropped > 0 ? "the agent dropped \(dropped) bytes of output" : (ended ? "its file was not in the output" : "the output was cut short")
                let i = collected.keys.firstIndex(of: source.rawValue)!
                collected.values[i] = .string("failed: \(why)")
            }
            system.values[at] = .object(collected)
        }
        return GuestOutput(system: Array((JSONValue.object(system).jsonText + "\n").utf8), files: files)
    }

    /// system.json for an instance whose agent is not installed: the OS checks are skipped for it
    /// (GUEST_AGENT_MISSING) instead of for missing state.
    public static func agentMissing(osType: String) -> GuestOutput {
        let os = osType.lowercased() == "windows" ? "windows" : "linux"
        return GuestOutput(system: Array("{\"cloudAssistant\":false,\"collected\":{},\"osType\":\"\(os)\"}\n".utf8), files: [:])
    }

    /// Writes `os/<instanceId>/`.
    public func write(instanceId: String, into writer: InventoryFolderWriter) throws {
        try writer.writeFile("os/\(instanceId)/\(GuestSource.systemFileName)", system)
        for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
            try writer.writeFile("os/\(instanceId)/\(name)", bytes)
        }
    }
}
