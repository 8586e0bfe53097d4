import Foundation
import NetDiagEngine
import NetDiagInventory
import NetDiagModel
import Testing

/// The guest-OS rules on hand-written guests (rules/tests/inventories/guest-linux.yaml): what
/// the fixture cases cannot say in one line each. The cases themselves run with `netdiag rules test`.
@Suite(.serialized) struct GuestRulesTests {
    nonisolated(unsafe) static let engine: RuleEngine = {
        let engine = try! RuleEngine(folders: [GroundTruth.rulesFolder.path])
        let inventory = GroundTruth.rulesFolder.appendingPathComponent("tests/inventories/guest-linux.yaml")
        try! engine.bind(InventoryIndex(try! InventoryLoader.load(path: inventory).inventory))
        return engine
    }()

    static func finding(_ rule: String, _ source: String, _ destination: String, _ proto: String = "tcp",
                        _ port: Int = 22) throws -> Finding {
        let d = try engine.diagnose(DiagnosisRequest(source: source, destination: destination, protocol: proto, port: port),
                                    only: [rule])
        return try #require(d.findings.first { $0.rule == rule })
    }

    @Test func everyGuestRuleLoadsAndEveryFailureCodeHasASuggestion() {
        let rules = Self.engine.rules.filter { $0.id.hasPrefix("guest-os.") }
        #expect(Set(rules.map(\.id)) == ["guest-os.prerequisites", "guest-os.firewall-inbound", "guest-os.firewall-outbound",
                                         "guest-os.firewall-return", "guest-os.port-listening", "guest-os.nic", "guest-os.load"])
        for rule in rules {
            for code in ["GUEST_STATE_MISSING", "GUEST_AGENT_MISSING", "GUEST_OS_UNSUPPORTED", "GUEST_ARCH_UNSUPPORTED",
                         "GUEST_PYTHON_UNSUPPORTED"] {
                #expect(rule.reasons[code] != nil, "\(rule.id) lacks \(code)")
            }
            for (code, reason) in rule.reasons where code.hasSuffix("_DROPPED") || code.hasSuffix("_REJECTED")
                || code.hasSuffix("_BLOCKED") || code.hasPrefix("PORT_") && code != "PORT_LISTENING" {
                #expect(reason.suggestion != nil, "\(rule.id) \(code) has no suggestion")
            }
        }
    }

    @Test func unmetPrerequisitesSkipEveryOSItemWithTheReason() throws {
        for rule in ["guest-os.firewall-inbound", "guest-os.port-listening", "guest-os.firewall-return", "guest-os.nic",
                     "guest-os.load"] {
            let f = try Self.finding(rule, "i-a", "i-py")
            #expect(f.status == .skip && f.reason == "GUEST_PYTHON_UNSUPPORTED", "\(rule): \(f.reason)")
            #expect(f.message == "Python 3.11.2 on i-py: OS checks need Python 2.7 or 3.6–3.9")
        }
        let missing = try Self.finding("guest-os.firewall-inbound", "i-a", "i-nostate")
        #expect(missing.status == .skip && missing.reason == "GUEST_STATE_MISSING")
    }

    @Test func failuresCarryACommandThatCanBeAppliedAsIs() throws {
        let ipt = try Self.finding("guest-os.firewall-inbound", "i-a", "i-b", "tcp", 5000)
        #expect(ipt.suggestion == "iptables -I INPUT 1 -p tcp -s 10.0.1.10/32 --dport 5000 -j ACCEPT")
        let nft = try Self.finding("guest-os.firewall-inbound", "i-a", "i-c", "tcp", 8080)
        #expect(nft.suggestion == "nft insert rule inet filter input ip saddr 10.0.1.10 tcp dport 8080 accept")
        let ret = try Self.finding("guest-os.firewall-return", "i-a", "i-e")
        #expect(ret.suggestion == "iptables -I OUTPUT 1 -m conntrack --ctstate ESTABLISHED,RELATED -p tcp -j ACCEPT")
        let win = try Self.finding("guest-os.firewall-inbound", "i-a", "i-w", "tcp", 445)
        #expect(win.suggestion == "netsh advfirewall firewall set rule name=\"Block SMB\" new enable=no")
        let loop = try Self.finding("guest-os.port-listening", "i-a", "i-b", "tcp", 8080)
        #expect(loop.suggestion?.contains("to 0.0.0.0") == true)
        let ssh = try Self.finding("guest-os.port-listening", "i-b", "i-a")
        #expect(ssh.message.contains("SSH service"))
    }
}
