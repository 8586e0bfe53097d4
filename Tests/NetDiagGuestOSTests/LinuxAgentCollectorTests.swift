import Foundation
import Testing
@testable import NetDiagGuestOS
import NetDiagModel

/// Runs the collector for real against a throwaway network namespace (root and iproute2 needed).
@Suite(.serialized) struct LinuxAgentCollectorTests {
    static let canUseNamespaces: Bool = {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip")
            && FileManager.default.isExecutableFile(atPath: "/usr/sbin/iptables-restore")
            && FileManager.default.isExecutableFile(atPath: "/usr/sbin/nft")
    }()

    @discardableResult
    static func sh(_ command: String, input: String? = nil) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        } else {
            try process.run()
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    func outputFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("ndtest-agent-\(UUID().uuidString)")
    }

    @Test(.enabled(if: canUseNamespaces)) func collectsANamespaceAndReadsItBack() throws {
        let ns = "ndtest-agent-\(getpid())"
        try #require(try Self.sh("ip netns add \(ns)") == 0)
        var listener: Process?
        let stdin = Pipe()
        defer {
            // The listener lives until its stdin closes: no signal needed, no orphan left.
            try? stdin.fileHandleForWriting.close()
            listener?.waitUntilExit()
            _ = try? Self.sh("ip netns del \(ns)")
        }
        try #require(try Self.sh("""
            ip -n \(ns) link set lo up && ip -n \(ns) link add eth0 type veth peer name eth1 \
            && ip -n \(ns) addr add 10.0.1.5/24 dev eth0 && ip -n \(ns) link set eth0 up
            """) == 0)
        try #require(try Self.sh("ip netns exec \(ns) sysctl -q -w net.ipv4.ip_local_port_range='40000 45000'") == 0)
        try #require(try Self.sh("ip netns exec \(ns) iptables-restore", input: """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A INPUT -p tcp -m multiport --dports 22,5555 -j ACCEPT
            COMMIT

            """) == 0)
        try #require(try Self.sh("ip netns exec \(ns) nft -f -", input: """
            table inet ndtest {
                chain input {
                    type filter hook input priority 0; policy accept;
                    tcp dport { 7000, 7001 } drop
                }
            }

            """) == 0)
        // A service listening inside the namespace, as ss there must see it.
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile)
            ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = ["netns", "exec", ns, "/bin/sh", "-c", "exec \(python) -c \"import socket,sys\ns=socket.socket()\ns.bind(('0.0.0.0',5555))\ns.listen()\nprint('ready',flush=True)\nsys.stdin.read()\""]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = stdin
        try process.run()
        listener = process
        _ = out.fileHandleForReading.availableData   // blocks until "ready"

        let output = outputFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let collector = LinuxAgentCollector(instanceId: "i-ndtest", commandPrefix: ["ip", "netns", "exec", ns])
        let folder = try collector.collect(into: output)
        #expect(folder.path.hasSuffix("os/i-ndtest"))

        let (state, issues) = try GuestFolderReader.read(directory: folder, instanceId: "i-ndtest")
        #expect(issues.isEmpty, "\(issues)")
        #expect(state.system?.osType == "linux")
        #expect(state.system?.memoryPercent != nil && state.system?.diskPercent != nil)
        // The namespace's own ephemeral range, not the host's.
        #expect(state.system?.ephemeralPorts == PortRange(start: 40000, end: 45000))
        #expect(state.collected["iptables"] == "ok" && state.collected["nft"] == "ok" && state.collected["ss"] == "ok")
        let input = try #require(state.iptables?.tables.first { $0.name == "filter" }?.chains.first { $0.name == "INPUT" })
        #expect(input.policy == "DROP")
        #expect(input.rules.last?.matches.last == IptablesMatch(field: "dport", values: ["22", "5555"]))
        let table = try #require(state.nftables?.tables.first { $0.name == "ndtest" })
        #expect(table.chains.first?.rules.first?.matches == [NftMatch(field: "tcp dport", values: ["7000", "7001"])])
        #expect(state.listeners?.contains { $0.protocol == "tcp" && $0.port == 5555 && $0.address == "0.0.0.0" } == true)
        #expect(state.interfaces?.first { $0.name == "eth0" }?.addresses == ["10.0.1.5/24"])
    }

    @Test func missingAndFailingToolsAreRecorded() throws {
        // A search path holding only a failing `ss` and a working `ip`: the rest is not installed.
        let bin = outputFolder().appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: bin.deletingLastPathComponent()) }
        let scripts = ["ss": "#!/bin/sh\necho 'Cannot open netlink socket: Permission denied' >&2\necho more >&2\nexit 1\n",
                       "ip": "#!/bin/sh\necho '[{\"ifname\":\"eth0\",\"flags\":[\"UP\"],\"addr_info\":[]}]'\n"]
        for (name, body) in scripts {
            let url = bin.appendingPathComponent(name)
            try body.write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        var collector = LinuxAgentCollector(instanceId: "i-tools", environment: ["PATH": bin.path])
        collector.searchPath = [bin.path]
        let output = bin.deletingLastPathComponent().appendingPathComponent("out")
        let folder = try collector.collect(into: output)
        let (state, _) = try GuestFolderReader.read(directory: folder, instanceId: "i-tools")
        #expect(state.collected == ["iptables": "missing", "ip6tables": "missing", "nft": "missing",
                                    "ss": "failed: Cannot open netlink socket: Permission denied", "interfaces": "ok"])
        #expect(state.iptables == nil && state.nftables == nil && state.listeners == nil)
        #expect(state.interfaces == [GuestInterface(name: "eth0", up: true)])
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("iptables-save.txt").path))
        #expect(state.system?.python == nil)
    }

    @Test func instanceIdFromEnvironment() throws {
        #expect(LinuxAgentCollector(environment: ["NETDIAG_INSTANCE_ID": "i-env"]).instanceId == "i-env")
        #expect(!LinuxAgentCollector(environment: [:]).instanceId.isEmpty)
        #expect(throws: CollectorError.self) {
            try LinuxAgentCollector(instanceId: "../x").collect(into: outputFolder())
        }
    }
}
