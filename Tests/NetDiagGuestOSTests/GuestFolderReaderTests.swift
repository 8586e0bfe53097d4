import Foundation
import Testing
@testable import NetDiagGuestOS
import NetDiagModel

@Suite struct GuestFolderReaderTests {
    /// A fresh `os/<id>/` folder holding `files` (name → contents).
    func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("ndtest-reader-\(UUID().uuidString)").appendingPathComponent("i-test")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func linuxFolderMissingToolStaysMissing() throws {
        let dir = try folder([
            "system.json": """
            {"osType": "linux", "distribution": "ubuntu", "version": "20.04", "python": "3.8.10",
             "cloudAssistant": true, "cpuPercent": 12.5, "hostname": "ignored",
             "collected": {"iptables": "ok", "nft": "missing", "ip6tables": "failed: modprobe: FATAL"}}
            """,
            "iptables-save.txt": try Captures.text("iptables-save.txt"),
            "ss.txt": try Captures.text("ss.txt"),
            "interfaces.json": try Captures.text("ip-addr.json"),
        ])
        let (state, issues) = try GuestFolderReader.read(directory: dir, instanceId: "i-test")
        #expect(state.system == GuestSystem(osType: "linux", distribution: "ubuntu", version: "20.04",
                                            python: "3.8.10", cloudAssistant: true, cpuPercent: 12.5))
        #expect(state.nftables == nil)
        #expect(state.ip6tables == nil)
        #expect(state.collected == ["iptables": "ok", "nft": "missing", "ip6tables": "failed: modprobe: FATAL",
                                    "ss": "ok", "interfaces": "ok"])
        #expect(state.iptables?.tables.count == 2)
        #expect(state.listeners?.count == 10)
        #expect(state.interfaces?.isEmpty == false)
        #expect(state.windowsFirewall == nil)
        // A recorded failure is guest data (the OS rules skip on it), not an inventory warning.
        #expect(issues.isEmpty)
    }

    @Test func brokenFileIsAnErrorNamingFileAndLine() throws {
        let dir = try folder([
            "system.json": #"{"osType": "linux"}"#,
            "nft.json": "{\"nftables\": [\n  {\"table\": {\"family\": \"inet\"\n]}",
        ])
        do {
            _ = try GuestFolderReader.read(directory: dir, instanceId: "i-test")
            Issue.record("expected an error")
        } catch let issue as InventoryIssue {
            #expect(issue.severity == .error)
            #expect(issue.file == "os/i-test/nft.json")
            #expect(issue.location == "line 3")
        }
        let ss = try folder(["ss.txt": "tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:*\ntcp LISTEN 0 128 nonsense 0.0.0.0:*\n"])
        let ssError = #expect(throws: InventoryIssue.self) { try GuestFolderReader.read(directory: ss, instanceId: "i-test") }
        #expect(ssError?.file == "os/i-test/ss.txt" && ssError?.location == "line 2")
        let system = try folder(["system.json": #"{"distribution": "ubuntu"}"#])
        let systemError = #expect(throws: InventoryIssue.self) {
            try GuestFolderReader.read(directory: system, instanceId: "i-test")
        }
        #expect(systemError?.file == "os/i-test/system.json")
        let ports = try folder(["system.json": #"{"osType": "linux", "ephemeralPorts": "70000/80000"}"#])
        let portsError = #expect(throws: InventoryIssue.self) { try GuestFolderReader.read(directory: ports, instanceId: "i-test") }
        #expect(portsError?.file == "os/i-test/system.json")
        #expect(portsError?.message.contains("70000/80000") == true)
        let any = try folder(["system.json": #"{"osType": "linux", "ephemeralPorts": "-1/-1"}"#])
        let anyError = #expect(throws: InventoryIssue.self) { try GuestFolderReader.read(directory: any, instanceId: "i-test") }
        #expect(anyError?.location == "ephemeralPorts")
    }

    @Test func ephemeralPortsAreRead() throws {
        let dir = try folder(["system.json": #"{"osType": "linux", "ephemeralPorts": "32768/60999"}"#])
        let (state, _) = try GuestFolderReader.read(directory: dir, instanceId: "i-test")
        #expect(state.system?.ephemeralPorts == PortRange(start: 32768, end: 60999))
    }

    @Test func unparsedIptablesLinesAreWarningsWithLine() throws {
        let dir = try folder(["iptables-save.txt": "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p\nCOMMIT\n"])
        let (state, issues) = try GuestFolderReader.read(directory: dir, instanceId: "i-test")
        #expect(state.system == nil)
        #expect(state.collected == ["iptables": "ok"])
        #expect(issues.contains { $0.file == "os/i-test/iptables-save.txt" && $0.location == "line 3"
                                  && $0.severity == .warning })
    }

    @Test func okButAbsentAndMissingButPresent() throws {
        let dir = try folder([
            "system.json": #"{"osType": "linux", "collected": {"ss": "ok", "iptables": "missing"}}"#,
            "iptables-save.txt": "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n",
        ])
        let (state, issues) = try GuestFolderReader.read(directory: dir, instanceId: "i-test")
        #expect(state.iptables == nil && state.collected["iptables"] == "missing")
        #expect(state.listeners == nil && state.collected["ss"]?.hasPrefix("failed") == true)
        #expect(issues.count == 2)
        #expect(throws: InventoryIssue.self) {
            try GuestFolderReader.read(directory: dir.appendingPathComponent("nope"), instanceId: "nope")
        }
    }

    @Test func windowsFolder() throws {
        let dir = try folder([
            "system.json": #"{"osType": "windows", "distribution": "windows-server", "version": "2019", "cloudAssistant": true}"#,
            "netsh-advfirewall.txt": try Captures.text("netsh-advfirewall.txt"),
            "netstat.txt": try Captures.text("netstat.txt"),
            "tasklist.csv": try Captures.text("tasklist.csv"),
        ])
        let (state, issues) = try GuestFolderReader.read(directory: dir, instanceId: "i-test")
        #expect(issues.isEmpty)
        #expect(state.windowsFirewall?.rules.count == 5)
        #expect(state.listeners?.contains { $0.port == 3389 && $0.process == "TermService" } == true)
        #expect(state.collected == ["netsh": "ok", "netstat": "ok", "tasklist": "ok"])
    }

    /// The bundled example region's guest folders all read cleanly and hold the planted findings.
    @Test func exampleRegionFolders() throws {
        let os = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/region/os")
        var states: [String: GuestState] = [:]
        for id in ["i-web1", "i-app1", "i-db1", "i-win1", "i-app2"] {
            let (state, issues) = try GuestFolderReader.read(directory: os.appendingPathComponent(id), instanceId: id)
            #expect(issues.isEmpty, "\(id): \(issues)")
            states[id] = state
        }
        // CentOS 7's iproute has no `ip -j`: recorded as failed, not dropped.
        #expect(states["i-db1"]?.collected["interfaces"]?.hasPrefix("failed") == true)
        #expect(states["i-web1"]?.iptables?.tables.first?.chains.first?.policy == "DROP")
        #expect(states["i-app1"]?.listeners?.contains { $0.port == 8080 && $0.address == "127.0.0.1" } == true)
        #expect(states["i-app1"]?.nftables?.tables.first?.chains.first?.policy == "drop")
        #expect(states["i-db1"]?.iptables?.tables.first?.chains.contains { $0.name == "MYSQL" } == true)
        #expect(states["i-db1"]?.listeners?.contains { $0.port == 3306 && $0.address == "*" && $0.process == "mysqld" } == true)
        #expect(states["i-db1"]?.interfaces == nil)
        #expect(states["i-win1"]?.windowsFirewall?.rules.contains { $0.localPort == "3389" } == true)
        #expect(states["i-app2"]?.system?.cloudAssistant == false)
        #expect(states["i-app2"]?.collected == [:] && states["i-app2"]?.listeners == nil)
    }
}
