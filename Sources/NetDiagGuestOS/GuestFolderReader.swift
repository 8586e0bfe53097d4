import NetDiagJSON
import Foundation
import NetDiagModel

/// Reads one `os/<instance-id>/` folder into a `GuestState`.
///
/// A source recorded as `missing` or `failed: …` in `system.json` stays so: its rule set is nil,
/// never empty, because "no firewall installed" and "firewall allows all" must not be confused.
/// A file present but not mentioned in `collected` counts as `ok`.
public enum GuestFolderReader {
    /// - Returns: the state and warnings (unparsed iptables lines, inconsistent statuses).
    /// - Throws: `InventoryIssue` (severity error) naming the file and line that cannot be parsed.
    public static func read(directory: URL, instanceId: String) throws -> (GuestState, [InventoryIssue]) {
        let folder = "os/\(instanceId)"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw InventoryIssue(.error, file: folder, message: "guest folder not found")
        }
        var state = GuestState(instanceId: instanceId)
        var issues: [InventoryIssue] = []
        func path(_ name: String) -> String { "\(folder)/\(name)" }

        let systemURL = directory.appendingPathComponent(GuestSource.systemFileName)
        if let data = try readIfPresent(systemURL, name: path(GuestSource.systemFileName)) {
            let file: SystemFile
            do {
                file = try JSONDecoder().decode(SystemFile.self, from: data)
            } catch {
                // A syntax error gets its line; a wrong shape (no osType) the decoder's words.
                if let (line, why) = JSONValue.syntaxError(in: data) {
                    throw InventoryIssue(.error, file: path(GuestSource.systemFileName),
                                         location: line > 0 ? "line \(line)" : "", message: "invalid JSON: \(why)")
                }
                throw InventoryIssue(.error, file: path(GuestSource.systemFileName),
                                     message: "not a system.json: \(error)")
            }
            if let ports = file.ephemeralPorts, ports.isAny {
                throw InventoryIssue(.error, file: path(GuestSource.systemFileName), location: "ephemeralPorts",
                                     message: "expected the ephemeral port range as start/end within 1–65535, e.g. 32768/60999, got -1/-1")
            }
            state.system = file.system
            state.collected = file.collected ?? [:]
        } else {
            issues.append(InventoryIssue(.warning, file: path(GuestSource.systemFileName),
                                         message: "no system.json: OS type, agent and load unknown"))
        }

        var texts: [GuestSource: String] = [:]
        for source in GuestSource.allCases {
            let name = path(source.fileName)
            let url = directory.appendingPathComponent(source.fileName)
            let status = state.collected[source.rawValue]
            let exists = FileManager.default.fileExists(atPath: url.path)
            if let status, status != "ok" {
                // A tool the agent recorded as failed is a fact about the guest, reported by the
                // OS rules as a skip with that reason, not a problem of the inventory files.
                if !status.hasPrefix("failed"), status != "missing" {
                    issues.append(InventoryIssue(.warning, file: path(GuestSource.systemFileName),
                                                 location: "collected.\(source.rawValue)",
                                                 message: "unknown status \"\(status)\"; source ignored"))
                }
                if exists {
                    issues.append(InventoryIssue(.warning, file: name,
                                                 message: "file ignored: system.json records \(source.rawValue) as \(status)"))
                }
                continue
            }
            guard exists else {
                if status == "ok" {
                    state.collected[source.rawValue] = "failed: \(source.fileName) not found"
                    issues.append(InventoryIssue(.warning, file: name,
                                                 message: "system.json records \(source.rawValue) as ok but the file is absent"))
                }
                continue
            }
            state.collected[source.rawValue] = "ok"
            guard let data = try readIfPresent(url, name: name), let text = String(data: data, encoding: .utf8) else {
                throw InventoryIssue(.error, file: name, message: "not UTF-8 text")
            }
            texts[source] = text
        }

        do {
            try parse(texts, into: &state, issues: &issues, path: path)
        } catch let error as SourceError {
            throw InventoryIssue(.error, file: path(error.source.fileName),
                                 location: error.underlying.line > 0 ? "line \(error.underlying.line)" : "",
                                 message: error.underlying.message)
        }
        return (state, issues)
    }

    private struct SourceError: Error { var source: GuestSource; var underlying: GuestParseError }

    private static func parse(_ texts: [GuestSource: String], into state: inout GuestState,
                              issues: inout [InventoryIssue], path: (String) -> String) throws {
        func attempt<T>(_ source: GuestSource, _ body: (String) throws -> T) throws -> T? {
            guard let text = texts[source] else { return nil }
            do { return try body(text) } catch let error as GuestParseError {
                throw SourceError(source: source, underlying: error)
            }
        }
        for source in [GuestSource.iptables, .ip6tables] {
            guard let ruleset = try attempt(source, IptablesSaveParser.parse) else { continue }
            for line in ruleset.unparsed {
                issues.append(InventoryIssue(.warning, file: path(source.fileName), location: "line \(line.line)",
                                             message: "\(line.reason): \(line.text)"))
            }
            if source == .iptables { state.iptables = ruleset } else { state.ip6tables = ruleset }
        }
        state.nftables = try attempt(.nft) { try NftJSONParser.parse($0) }
        state.interfaces = try attempt(.interfaces) { try IpAddrJSONParser.parse($0) }
        state.windowsFirewall = try attempt(.netsh) { try NetshFirewallParser.parse($0) }
        let processes = try attempt(.tasklist) { try TasklistParser.parse($0) } ?? [:]
        let ss = try attempt(.ss) { try SsParser.parse($0) }
        let netstat = try attempt(.netstat) { try NetstatParser.parse($0, processes: processes) }
        if ss != nil || netstat != nil { state.listeners = (ss ?? []) + (netstat ?? []) }
    }

    private static func readIfPresent(_ url: URL, name: String) throws -> Data? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do { return try Data(contentsOf: url) } catch {
            throw InventoryIssue(.error, file: name, message: "cannot read: \(error.localizedDescription)")
        }
    }
}
