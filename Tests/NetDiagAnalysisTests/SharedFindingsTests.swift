@testable import NetDiagAnalysis
import NetDiagBenchmarkSupport
import NetDiagEngine
import NetDiagModel
import Testing

/// `network-acl` findings shared by the destinations of one vSwitch (SharedFindings) save
/// evaluations and change no row; findings that name their destination are never shared.
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
        #expect(shared.findings("k", p, [1])?.count == 1)
        #expect(shared.findings("k", p, [2]) == nil)
        #expect(shared.findings("k", p, [3]) == nil)
        let exposed = try #require(ExposureScanner.destinations(index).first { !$0.publicAddresses.isEmpty })
        let publicNaming = Finding(rule: rule, status: .pass, reason: "ACL_INGRESS_ALLOWED", message: "",
                                   evidence: ["publicIp": .string(exposed.publicAddresses[0])])
        shared.keep([publicNaming], "k", p, [4], of: exposed)
        #expect(shared.findings("k", p, [4]) == nil, "a public address names its destination too")
        var other = p
        other.cutPorts(Interval(80, 80))
        #expect(shared.findings("k", other, [1]) == nil, "other predicates: the signature means another class")
    }

    @Test func regionSourcesAndDnatDestinationsDoNotShare() throws {
        let index = try loadGenerated(.small, seed: 42)
        let collector = PredicateCollector(index)
        let all = ExposureScanner.destinations(index)
        let d = try #require(all.first { $0.interface != nil && collector.dnatEntries(to: $0.interface!).isEmpty })
        let shared = SharedFindings()
        let internet = try SourceScope("internet", index: index)
        #expect(shared.key("network-acl", "tcp", d, .allPorts, internet, collector: collector) != nil)
        #expect(shared.key("security-group", "tcp", d, .allPorts, internet, collector: collector) == nil)
        let sender = try #require(all.first { $0.id != d.id && $0.interface != nil })
        #expect(shared.key("network-acl", "tcp", d, .allPorts, SourceScope(object: sender), collector: collector) == nil)
        if let forwarded = all.first(where: { $0.interface.map { !collector.dnatEntries(to: $0).isEmpty } ?? false }) {
            #expect(shared.key("network-acl", "tcp", forwarded, .allPorts, internet, collector: collector) == nil)
        }
    }
}
