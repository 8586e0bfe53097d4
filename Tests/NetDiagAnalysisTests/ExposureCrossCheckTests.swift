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
