@testable import NetDiagAnalysis
import NetDiagBenchmarkSupport
import NetDiagEngine
import NetDiagModel

/// Compares `reach --to` with single-path diagnoses from every source of the destination's VPC:
/// each source's status, listening verdict, hops and blockers must be its class's, each naming
/// the source itself (`ObjectNaming`), and the class's shown hops and blockers its example's own.
struct ReachCheck {
    let index: InventoryIndex
    let engine: RuleEngine
    private(set) var pairs = 0, reached = 0, classes = 0, sources = 0
    private(set) var mismatches: [String] = []

    init(index: InventoryIndex, engine: RuleEngine) { self.index = index; self.engine = engine }

    private func outcome(_ s: String, _ d: Destination, _ proto: String, _ port: Int) throws -> Diagnosis {
        try engine.diagnose(DiagnosisRequest(source: s, destination: d.id, protocol: proto, port: port,
                                             vpcId: d.vpcId, regionId: index.inventory.regionId))
    }

    private static func abstract(_ d: Diagnosis, _ s: Destination) -> Outcome {
        PacketEvaluator.outcome(Diagnosis(request: d.request, findings: ObjectNaming(source: s).abstract(d.findings)))
    }

    /// Checks `report` (of `d`, `proto`, `port`) against every source's own diagnosis.
    mutating func check(_ report: ReachReport, to d: Destination, protocol proto: String, port: Int) throws {
        classes += report.summary.sourceClasses
        sources += report.summary.regionSources
        let all = ExposureScanner.destinations(index)
        let byId = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var classOf: [String: (ReachReport.SourceClass, Outcome)] = [:]
        for c in report.region {
            let e = byId[c.example]!
            let own = PacketEvaluator.outcome(try outcome(e.id, d, proto, port))
            if own.hops != c.hops || own.blockers != c.blockers || own.status != c.status || own.listening != c.listening {
                mismatches.append("\(c.example) → \(d.id) \(proto)/\(port): the class shows \(c.status) \(c.hops.map(\.rule)), its example's own diagnosis \(own.status) \(own.hops.map(\.rule))")
            }
            let abstract = Self.abstract(try outcome(e.id, d, proto, port), e)
            for s in c.sources { classOf[s] = (c, abstract) }
        }
        reached += classOf.count
        for s in all where s.id != d.id && s.vpcId == d.vpcId {
            if let own = d.interface?.instanceId ?? d.instance?.id, (s.interface?.instanceId ?? s.instance?.id) == own { continue }
            pairs += 1
            let diagnosis = try outcome(s.id, d, proto, port)
            let actual = Self.abstract(diagnosis, s)
            guard let (c, expected) = classOf[s.id] else {
                if actual.status != .blocked { mismatches.append("\(s.id) → \(d.id) \(proto)/\(port): reach says blocked, diagnosis \(actual.status)") }
                continue
            }
            if actual != expected {
                let hops = Set(actual.hops).symmetricDifference(expected.hops).map(\.rule).sorted()
                mismatches.append("\(s.id) → \(d.id) \(proto)/\(port): reach says \(c.status) (class of \(c.example)), diagnosis \(actual.status); differing hops \(hops), blockers \(actual.blockers) vs \(expected.blockers)")
            }
        }
    }

    /// The small region's reverse queries: 12 destinations × 4 (protocol, port), with the rules
    /// split into `families` (the analyzer's own by default).
    static func smallRegion(families: ((RulePlan, RuleEngine) -> [SourceFamily])? = nil) throws -> ReachCheck {
        let index = try loadGenerated(.small, seed: 42)
        let engine = try boundEngine(index)
        let analyzer = ReachAnalyzer(engine: engine, index: index)
        var check = ReachCheck(index: index, engine: engine)
        var rng = SplitMix64(seed: 5)
        for d in rng.sample(ExposureScanner.destinations(index), 12) {
            let groupPorts = (d.interface?.securityGroupIds ?? []).flatMap { index.securityGroups[$0]?.rules ?? [] }
                .filter { !$0.portRange.isAny }.map(\.portRange.start)
            for (proto, port) in [("tcp", 22), ("tcp", rng.pick(groupPorts + [80])), ("udp", 53), ("icmp", -1)] {
                let split = families.map { $0(analyzer.scanner.plan, engine) } ?? SourceFamily.families(analyzer.scanner.plan, engine: engine)
                let report = try analyzer.reach(to: d, protocol: proto, port: port, families: split)
                try check.check(report, to: d, protocol: proto, port: port)
            }
        }
        return check
    }
}
