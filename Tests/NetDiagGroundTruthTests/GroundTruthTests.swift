import Foundation
import NetDiagEngine
import NetDiagInventory
import NetDiagModel
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The acceptance test of the guest-OS rules: real namespaces with real iptables and nftables
/// rule sets and real listeners, collected by the real `netdiag agent collect`, diagnosed by
/// the real engine, and compared with real connection attempts. See docs/guest-os-rules.md.
@Suite(.serialized) struct GroundTruthTests {
    static let canRun: Bool = {
        guard getuid() == 0 else { return false }
        return ["ip", "nft", "iptables-restore"].allSatisfy { GroundTruth.which($0) != nil }
            && GroundTruth.python != nil
    }()

    // Two minutes for the run, the rest for waiting on another checkout's run (MachineLock).
    @Test(.enabled(if: canRun, "needs root, ip, nft, iptables-restore and python3"), .timeLimit(.minutes(5)))
    func guestOSVerdictsMatchTheKernel() throws {
        let lock = try MachineLock("/run/lock/netdiag-ground-truth.lock")
        defer { lock.release() }
        let lab = GroundTruth()
        defer { lab.tearDown() }
        try lab.setUp()
        let outcome = try lab.compare()
        print("ground truth: \(outcome.compared) combinations compared, \(outcome.disagreements.count) disagreements"
              + " (\(outcome.connectable) connectable, \(outcome.blocked) blocked"
              + (outcome.undecided.isEmpty ? ")" : "; \(outcome.undecided.count) undecidable (warn) not compared)"))
        print("ground truth: reasons seen: " + outcome.reasons.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }
            .joined(separator: ", "))
        for line in outcome.disagreements { print("  DISAGREE \(line)") }
        #expect(outcome.disagreements.isEmpty, "\(outcome.disagreements.joined(separator: "\n"))")
        // Exactly the attempts a line netdiag cannot read could decide are undecidable.
        let expected = Set(lab.hosts.filter { !$0.isServer }.flatMap { client in
            lab.hosts.flatMap { server in server.undecidable.map { "\(client.name) → \(server.name) \($0.proto) \($0.port)" } }
        })
        #expect(Set(outcome.undecided.map(\.label)) == expected,
                "\(outcome.undecided.map { "\($0.label): \($0.message)" }.joined(separator: "\n"))")
        #expect(outcome.compared >= 40)
        #expect(outcome.connectable > 10 && outcome.blocked > 10, "both outcomes must be exercised")
    }
}

/// Builds, measures and removes the namespaces.
final class GroundTruth: @unchecked Sendable {
    static let prefix = "ndgt-"
    static let switchNamespace = "ndgt-sw"
    static let rulesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("rules")
    /// A real interpreter, not a version manager's shim (fast to start, same in every namespace).
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    } ?? which("python3")

    let hosts = GroundTruthTopology.hosts
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("ndgt-\(getpid())-\(UUID().uuidString.prefix(8))")
    private var servers: [(Process, Pipe)] = []

    static func which(_ name: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The `netdiag` executable built beside this test bundle.
    static var netdiag: String? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("netdiag").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    @discardableResult
    static func run(_ args: [String], input: String? = nil, check: Bool = true) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out; p.standardError = err; p.standardInput = inp
        try p.run()
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
        try? inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let result = (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
        if check && result.0 != 0 {
            throw GroundTruthError("\(args.joined(separator: " ")) exited \(result.0): \(result.2)")
        }
        return result
    }

    /// Namespaces left by an earlier run that was killed.
    func removeStaleNamespaces() {
        guard let (_, list, _) = try? Self.run(["ip", "netns", "list"], check: false) else { return }
        for line in list.split(separator: "\n") {
            let name = String(line.split(separator: " ").first ?? "")
            if name.hasPrefix(Self.prefix) { _ = try? Self.run(["ip", "netns", "del", name], check: false) }
        }
    }

    func setUp() throws {
        removeStaleNamespaces()
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let sw = Self.switchNamespace
        try Self.run(["ip", "netns", "add", sw])
        try Self.run(["ip", "-n", sw, "link", "add", "br0", "type", "bridge"])
        try Self.run(["ip", "-n", sw, "link", "set", "br0", "up"])
        for h in hosts {
            try Self.run(["ip", "netns", "add", h.namespace])
            try Self.run(["ip", "-n", sw, "link", "add", "v-\(h.name)", "type", "veth", "peer", "name", "eth0",
                          "netns", h.namespace])
            try Self.run(["ip", "-n", sw, "link", "set", "v-\(h.name)", "master", "br0", "up"])
            try Self.run(["ip", "-n", h.namespace, "link", "set", "lo", "up"])
            try Self.run(["ip", "-n", h.namespace, "addr", "add", "\(h.address)/24", "dev", "eth0"])
            try Self.run(["ip", "-n", h.namespace, "link", "set", "eth0", "up"])
            if let rules = h.iptables {
                try Self.run(["ip", "netns", "exec", h.namespace, "iptables-restore"], input: rules + "\n")
            }
            if let rules = h.nft {
                try Self.run(["ip", "netns", "exec", h.namespace, "nft", "-f", "-"], input: rules + "\n")
            }
        }
        for h in hosts where h.isServer { try startServer(h) }
    }

    func tearDown() {
        for (process, stdin) in servers {
            // A server lives until its stdin closes; terminate only if it does not go.
            try? stdin.fileHandleForWriting.close()
            let deadline = Date().addingTimeInterval(3)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { process.terminate(); process.waitUntilExit() }
        }
        servers = []
        for h in hosts { _ = try? Self.run(["ip", "netns", "del", h.namespace], check: false) }
        _ = try? Self.run(["ip", "netns", "del", Self.switchNamespace], check: false)
        try? FileManager.default.removeItem(at: work)
    }

    // MARK: - Real listeners and attempts

    func startServer(_ h: GroundTruthHost) throws {
        let specs = GroundTruthListeners.specs.map { "\($0.proto),\($0.bind ?? h.address),\($0.port)" }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["ip", "netns", "exec", h.namespace, Self.python!, "-c", GroundTruthScripts.server] + specs
        let stdin = Pipe(), stdout = Pipe()
        p.standardInput = stdin; p.standardOutput = stdout
        try p.run()
        servers.append((p, stdin))
        let line = stdout.fileHandleForReading.availableDataUntilNewline()
        guard line.hasPrefix("ready") else { throw GroundTruthError("server in \(h.namespace) did not start") }
    }

    /// Real attempts from one client to every (server, protocol, port), concurrently.
    func attempts(from client: GroundTruthHost, to targets: [(String, String, Int)]) throws -> [Bool] {
        let json = "[" + targets.map { "[\"\($0.0)\", \"\($0.1)\", \($0.2)]" }.joined(separator: ",") + "]"
        let (_, out, _) = try Self.run(["ip", "netns", "exec", client.namespace, Self.python!, "-c", GroundTruthScripts.client],
                                       input: json)
        let data = Data(out.utf8)
        guard let results = try JSONSerialization.jsonObject(with: data) as? [Bool], results.count == targets.count else {
            throw GroundTruthError("client \(client.name) printed \(out)")
        }
        return results
    }

    // MARK: - Collection, inventory, diagnosis

    /// Runs `netdiag agent collect` inside each namespace, then stamps a supported OS profile
    /// into system.json (the machine running the suite is not an ECS image; every network fact
    /// stays as collected).
    func collect() throws -> URL {
        guard let netdiag = Self.netdiag else { throw GroundTruthError("netdiag executable not found beside the tests") }
        let folder = work.appendingPathComponent("region")
        for h in hosts {
            try Self.run(["ip", "netns", "exec", h.namespace, netdiag, "agent", "collect",
                          "--output", folder.path, "--instance-id", h.instanceId])
            let url = folder.appendingPathComponent("os/\(h.instanceId)/system.json")
            var system = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
            system["distribution"] = "ubuntu"; system["version"] = "20.04"; system["python"] = "3.8.10"
            system["arch"] = "x86_64"; system["cloudAssistant"] = true
            try JSONSerialization.data(withJSONObject: system, options: [.prettyPrinted, .sortedKeys]).write(to: url)
            if let rules = h.netdiagIptables {
                try (rules + "\n").write(to: folder.appendingPathComponent("os/\(h.instanceId)/iptables-save.txt"),
                                         atomically: true, encoding: .utf8)
            }
        }
        try inventoryYAML().write(to: folder.appendingPathComponent("inventory.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    /// A permissive cloud: one VPC, one vSwitch, a group accepting everything both ways.
    func inventoryYAML() -> String {
        var y = """
            regionId: cn-ndgt
            vpcs:
            - {id: vpc-ndgt, cidr: 10.99.0.0/16}
            vswitches:
            - {id: vsw-ndgt, vpcId: vpc-ndgt, cidr: 10.99.0.0/24}
            securityGroups:
            - id: sg-ndgt
              type: normal
              vpcId: vpc-ndgt
              rules:
              - {id: sgr-in, direction: ingress, policy: accept, priority: 1, protocol: all, portRange: -1/-1, cidr: 0.0.0.0/0}
              - {id: sgr-out, direction: egress, policy: accept, priority: 1, protocol: all, portRange: -1/-1, cidr: 0.0.0.0/0}
            routeTables:
            - id: vtb-ndgt
              type: System
              vpcId: vpc-ndgt
              entries:
              - {id: rte-local, destination: 10.99.0.0/24, type: System, nextHops: [{type: local}]}
            instances:

            """
        for h in hosts {
            y += "- {id: \(h.instanceId), status: Running, vpcId: vpc-ndgt, vswitchId: vsw-ndgt, primaryEniId: \(h.eniId), privateIps: [\(h.address)], securityGroupIds: [sg-ndgt]}\n"
        }
        y += "networkInterfaces:\n"
        for h in hosts {
            y += "- {id: \(h.eniId), type: Primary, status: InUse, instanceId: \(h.instanceId), vpcId: vpc-ndgt, vswitchId: vsw-ndgt, primaryIp: \(h.address), securityGroupIds: [sg-ndgt]}\n"
        }
        return y
    }

    struct Outcome {
        var compared = 0, connectable = 0, blocked = 0
        var disagreements: [String] = []
        var undecided: [(label: String, message: String)] = []
        /// How often each reason code of the OS items came up, to show what the suite exercised.
        var reasons: [String: Int] = [:]
    }

    static let osItems: Set<String> = ["guest-os.firewall-outbound", "guest-os.firewall-inbound",
                                       "guest-os.firewall-return", "guest-os.port-listening"]

    func compare() throws -> Outcome {
        let folder = try collect()
        let loaded = try InventoryLoader.load(path: folder)
        let engine = try RuleEngine(folders: [Self.rulesFolder.path])
        let mine = Set(engine.rules.map(\.id).filter { Self.osItems.contains($0) })
        guard mine == Self.osItems else {
            throw GroundTruthError("guest-os rules not loaded: \(Self.osItems.subtracting(mine)); problems: \(engine.problems)")
        }
        try engine.bind(InventoryIndex(loaded.inventory))
        var outcome = Outcome()
        for client in hosts where !client.isServer {
            var targets: [(String, String, Int)] = []
            var requests: [(GroundTruthHost, DiagnosisRequest)] = []
            for server in hosts where server.isServer {
                for a in GroundTruthListeners.attempts {
                    targets.append((server.address, a.proto, a.port))
                    requests.append((server, DiagnosisRequest(source: client.instanceId, destination: server.instanceId,
                                                              protocol: a.proto, port: a.port)))
                }
            }
            let real = try attempts(from: client, to: targets)
            for (i, (server, request)) in requests.enumerated() {
                let diagnosis = try engine.diagnose(request, only: Self.osItems)
                let label = "\(client.name) → \(server.name) \(request.protocol) \(request.port)"
                let findings = diagnosis.findings
                for f in findings { outcome.reasons[f.reason, default: 0] += 1 }
                // A ping has no port: the listening item does not apply.
                let expected = request.protocol == "icmp" ? Self.osItems.count - 1 : Self.osItems.count
                if findings.count != expected || findings.contains(where: { $0.status == .error || $0.status == .skip }) {
                    outcome.disagreements.append("\(label): OS items did not all run: "
                        + findings.map { "\($0.rule)=\($0.status.rawValue) \($0.message)" }.joined(separator: "; "))
                    continue
                }
                if let warned = findings.first(where: { $0.status == .warn }) {
                    outcome.undecided.append((label, warned.message))
                    continue
                }
                let blockers = findings.filter { $0.status == .fail }
                let predicted = blockers.isEmpty
                outcome.compared += 1
                if real[i] { outcome.connectable += 1 } else { outcome.blocked += 1 }
                if predicted != real[i] {
                    let why = blockers.isEmpty ? "every OS item passes"
                        : blockers.map { "\($0.rule) \($0.reason): \($0.message)" }.joined(separator: "; ")
                    outcome.disagreements.append("\(label): netdiag says \(predicted ? "connectable" : "blocked") (\(why)), "
                                                 + "the kernel says \(real[i] ? "connectable" : "blocked")")
                }
            }
        }
        return outcome
    }
}

struct GroundTruthError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension FileHandle {
    /// Reads until a newline or end of file.
    func availableDataUntilNewline() -> String {
        var bytes = Data()
        while true {
            let chunk = readData(ofLength: 1)
            if chunk.isEmpty || chunk == Data("\n".utf8) { break }
            bytes.append(chunk)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
