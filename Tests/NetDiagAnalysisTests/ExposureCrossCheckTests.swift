import NetDiagAnalysis
import NetDiagBenchmarkSupport
import NetDiagEngine
import NetDiagModel
import Testing

/// The exposure scan equals the union of single-path diagnoses (issue 15's cross-check).
@Suite struct ExposureCrossCheckTests {
    @Test func smallRegionEveryDestinationAgreesWithSinglePathDiagnoses() throws {
        let index = try loadGenerated(.small, seed: 42)
        let engine = try boundEngine(index)
        let report = try ExposureScanner(engine: engine, index: index).scan(from: SourceScope("internet", index: index))
        #expect(report.summary.classSplits == 0)
        #expect(report.rows.contains { $0.status == .unverified || $0.status == .reachable })
        #expect(report.rows.contains { $0.status == .guestBlocked })
        var check = CrossCheck(index: index, engine: engine, report: report, seed: 7)
        for d in ExposureScanner.destinations(index) {
            for proto in report.protocols { try check.check(d, proto, randomProbes: 6) }
        }
        #expect(check.probes > 20_000)
        #expect(check.mismatches.count == 0, "\(check.mismatches.count) of \(check.probes): \(check.mismatches.prefix(5))")
    }

    @Test func mediumRegionSampledDestinationsAgree() throws {
        let index = try loadGenerated(.medium, seed: 5)
        let engine = try boundEngine(index)
        let report = try ExposureScanner(engine: engine, index: index).scan(from: SourceScope("internet", index: index))
        #expect(report.summary.classSplits == 0)
        var check = CrossCheck(index: index, engine: engine, report: report, seed: 11)
        var rng = SplitMix64(seed: 3)
        let all = ExposureScanner.destinations(index)
        // Every exposed destination is probed; a sample of the rest.
        let exposed = Set(report.rows.map(\.destination))
        let sample = all.filter { exposed.contains($0.id) }.prefix(60) + rng.sample(all.filter { !exposed.contains($0.id) }, 60)
        for d in sample {
            for proto in ["tcp", "icmp"] { try check.check(d, proto, randomProbes: 4) }
        }
        #expect(check.mismatches.count == 0, "\(check.mismatches.count) of \(check.probes): \(check.mismatches.prefix(5))")
    }

    /// A row's hops and blockers are what one diagnosis of all rules says of its example packet:
    /// the scan merges them from its families' findings, some of them found while the small
    /// families were tried alone (on other packets of the same classes), so a merge in the wrong
    /// order or a finding reused for the wrong class would show here.
    @Test func smallRegionRowsAgreeWithTheirExamplePacketsDiagnoses() throws {
        let index = try loadGenerated(.small, seed: 42)
        let engine = try boundEngine(index)
        let report = try ExposureScanner(engine: engine, index: index).scan(from: SourceScope("internet", index: index))
        let byId = Dictionary(ExposureScanner.destinations(index).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var compared = 0
        for row in report.rows {
            let d = try #require(byId[row.destination])
            let diagnosis = try engine.diagnose(DiagnosisRequest(source: row.exampleSource, destination: row.destination,
                                                                 protocol: row.protocol, port: row.examplePort,
                                                                 vpcId: d.vpcId, regionId: index.inventory.regionId))
            let hops = diagnosis.findings.filter { $0.severity == .critical && ($0.status == .pass || $0.status == .warn) }.map {
                Hop(rule: $0.rule, side: $0.side.rawValue, reason: $0.reason,
                    evidence: $0.evidence.filter { !["address", "port", "listenPort"].contains($0.key) })
            }
            #expect(ExposureStatus(diagnosis) == row.status, "\(row.destination) \(row.protocol) \(row.examplePort)")
            #expect(hops == row.hops.map { Hop(rule: $0.rule, side: $0.side, reason: $0.reason, evidence: $0.evidence) }, "\(row.destination) \(row.protocol) from \(row.exampleSource) port \(row.examplePort)")
            if row.status == .guestBlocked {
                #expect(diagnosis.blockers.map { "\($0.rule): \($0.reason)" } == row.blockers)
            }
            compared += 1
        }
        #expect(compared > 10)
        #expect(report.rows.contains { !$0.hops.isEmpty })
    }

    struct Hop: Equatable {
        var rule: String, side: String, reason: String, evidence: [String: DataValue]
    }

    /// The check is not vacuous: a scan of one region does not pass for another whose groups differ.
    @Test func crossCheckCatchesAScanOfDifferentRules() throws {
        let index = try loadGenerated(.small, seed: 42)
        let report = try ExposureScanner(engine: try boundEngine(index), index: index).scan(from: SourceScope("internet", index: index))
        var changed = index.inventory
        for g in changed.securityGroups.indices {
            changed.securityGroups[g].rules.insert(SecurityGroupRule(id: "sgr-open", direction: .ingress, policy: .accept, priority: 1,
                                                                    protocol: "tcp", portRange: PortRange("8000/8999")!,
                                                                    cidr: "0.0.0.0/0"), at: 0)
        }
        let changedIndex = InventoryIndex(changed)
        var check = CrossCheck(index: changedIndex, engine: try boundEngine(changedIndex), report: report, seed: 7)
        for d in ExposureScanner.destinations(changedIndex) { try check.check(d, "tcp", randomProbes: 2) }
        #expect(!check.mismatches.isEmpty)
    }
}
