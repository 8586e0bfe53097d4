@testable import NetDiagAnalysis
import NetDiagBenchmarkSupport
import NetDiagEngine
import NetDiagModel
import Testing

/// `network-acl` findings shared by the destinations of one vSwitch and `security-group` findings
/// by those with the same groups (SharedFindings) save evaluations and change no row; findings
/// naming a destination's address are never shared, and its id, ENI and instance are given back
/// as the receiving destination's own.
@Suite struct SharedFindingsTests {
    @Test func sharingSavesEvaluationsAndChangesNoRow() throws {
        let index = try loadGenerated(.small, seed: 42)
        let engine = try boundEngine(index)
        let sharing = ExposureScanner(engine: engine, index: index)
        let withSharing = try sharing.scan(from: SourceScope("internet", index: index))
        let alone = ExposureScanner(engine: engine, index: index)
        alone.sharesFindings = false
        let without = try alone.scan(from: SourceScope("internet", index: index))
        #expect(sharing.shared.reused > 0)
        #expect(withSharing.summary.evaluations + sharing.shared.reused == without.summary.evaluations)
        #expect(withSharing.rows == without.rows)
    }

    @Test func findingsNamingTheDestinationAreNotShared() throws {
        let index = try loadGenerated(.small, seed: 42)
        let engine = try boundEngine(index)
        let rule = try #require(engine.rules.first { $0.category == "network-acl" })
        let d = try #require(ExposureScanner.destinations(index).first { $0.interface != nil })
        let shared = SharedFindings()
        let p = PacketPredicates()
        let neutral = Finding(rule: rule, status: .pass, reason: "ACL_INGRESS_ALLOWED", message: "",
                              evidence: ["networkAcl": .string("nacl-1"), "entry": .object(["id": .string("nae-1")])])
        let naming = Finding(rule: rule, status: .pass, reason: "ACL_INGRESS_ALLOWED", message: "",
                             evidence: ["hosts": .array([.object(["ip": .string(d.address)])])])
        let broken = Finding(rule: rule, status: .error, reason: "RULE_ERROR", message: "boom")
        shared.keep([neutral], "k", p, [1], of: d)
        shared.keep([neutral, naming], "k", p, [2], of: d)
        shared.keep([broken], "k", p, [3], of: d)
        #expect(shared.findings("k", p, [1], for: d)?.count == 1)
        #expect(shared.findings("k", p, [2], for: d) == nil)
        #expect(shared.findings("k", p, [3], for: d) == nil)
        let exposed = try #require(ExposureScanner.destinations(index).first { !$0.publicAddresses.isEmpty })
        let publicNaming = Finding(rule: rule, status: .pass, reason: "ACL_INGRESS_ALLOWED", message: "",
                                   evidence: ["publicIp": .string(exposed.publicAddresses[0])])
        shared.keep([publicNaming], "k", p, [4], of: exposed)
        #expect(shared.findings("k", p, [4], for: exposed) == nil, "a public address names its destination too")
        var other = p
        other.cutPorts(Interval(80, 80))
        #expect(shared.findings("k", other, [1], for: d) == nil, "other predicates: the signature means another class")
    }

    @Test func aGroupFindingNamingItsEniIsGivenToAnotherDestinationWithItsOwn() throws {
        let index = try loadGenerated(.small, seed: 42)
        let engine = try boundEngine(index)
        let rule = try #require(engine.rules.first { $0.id == "security-group.ingress" })
        let all = ExposureScanner.destinations(index).filter { $0.interface != nil }
        let (a, b) = (all[0], all[1])
        let shared = SharedFindings()
        let p = PacketPredicates()
        let finding = Finding(rule: rule, status: .pass, reason: "SG_INGRESS_ALLOWED",
                              message: "tcp 22 from 8.8.8.8 (internet) to \(a.interface!.id): accepted",
                              evidence: ["eni": .string(a.interface!.id), "securityGroup": .string("sg-1")])
        shared.keep([finding], "k", p, [1], of: a)
        let given = try #require(shared.findings("k", p, [1], for: b)?.first)
        #expect(given.evidence["eni"] == .string(b.interface!.id))
        #expect(given.evidence["securityGroup"] == .string("sg-1"))
        #expect(given.message == "tcp 22 from 8.8.8.8 (internet) to \(b.interface!.id): accepted")
        #expect(shared.findings("k", p, [1], for: a)?.first == finding, "the giver gets its own findings back")
    }

    @Test func regionSourcesAndDnatDestinationsDoNotShare() throws {
        let index = try loadGenerated(.small, seed: 42)
        let collector = PredicateCollector(index)
        let all = ExposureScanner.destinations(index)
        let d = try #require(all.first { $0.interface != nil && collector.dnatEntries(to: $0.interface!).isEmpty })
        let shared = SharedFindings()
        let internet = try SourceScope("internet", index: index)
        #expect(shared.key("network-acl", "tcp", d, .allPorts, internet, collector: collector) != nil)
        #expect(shared.key("security-group", "tcp", d, .allPorts, internet, collector: collector) != nil)
        #expect(shared.key("route", "tcp", d, .allPorts, internet, collector: collector) == nil)
        if let other = all.first(where: { $0.kind == d.kind && $0.interface.map { $0.securityGroupIds != d.interface!.securityGroupIds } ?? false }) {
            #expect(shared.key("security-group", "tcp", d, .allPorts, internet, collector: collector)
                    != shared.key("security-group", "tcp", other, .allPorts, internet, collector: collector))
        }
        let sender = try #require(all.first { $0.id != d.id && $0.interface != nil })
        #expect(shared.key("network-acl", "tcp", d, .allPorts, SourceScope(object: sender), collector: collector) == nil)
        if let forwarded = all.first(where: { $0.interface.map { !collector.dnatEntries(to: $0).isEmpty } ?? false }) {
            #expect(shared.key("network-acl", "tcp", forwarded, .allPorts, internet, collector: collector) == nil)
        }
    }
}
