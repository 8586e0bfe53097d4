import NetDiagAnalysis
import NetDiagBenchmarkSupport
import NetDiagEngine
import NetDiagInventory
import NetDiagModel
import Testing

/// `reach --to` equals single-path diagnoses from every source of the VPC (issue 15).
@Suite struct ReachCrossCheckTests {
    @Test func smallRegionEverySourceAgreesWithItsClass() throws {
        let check = try ReachCheck.smallRegion()
        #expect(check.pairs > 3_000)
        #expect(check.reached > 0, "some sources reach some destination")
        #expect(check.classes < check.reached, "sources share classes")
        #expect(check.mismatches.count == 0, "\(check.mismatches.count) of \(check.pairs): \(check.mismatches.prefix(5))")
    }

    @Test func targetsAreParsedWithClearErrors() throws {
        let index = InventoryIndex(try InventoryLoader.load(path: repositoryRoot.appendingPathComponent("examples/region")).inventory)
        let analyzer = ReachAnalyzer(engine: try boundEngine(index), index: index)
        #expect(try analyzer.target("i-web1:tcp/443").2 == 443)
        #expect(try analyzer.target("i-web1:icmp").2 == -1)
        for (bad, says) in [("i-nope:tcp/22", "no instance"), ("i-web1:tcp/70000", "1-65535"), ("i-web1:sctp/1", "sctp"),
                            ("i-web1", "ID:PROTO/PORT")] {
            do {
                _ = try analyzer.target(bad)
                Issue.record("\(bad) was accepted")
            } catch {
                #expect(error.description.contains(says), "\(error)")
            }
        }
    }

    @Test func exampleRegionDatabaseIsReachedOnlyFromTheAppTier() throws {
        let index = InventoryIndex(try InventoryLoader.load(path: repositoryRoot.appendingPathComponent("examples/region")).inventory)
        let analyzer = ReachAnalyzer(engine: try boundEngine(index), index: index)
        let (d, proto, port) = try analyzer.target("i-db1:tcp/3306")
        let report = try analyzer.reach(to: d, protocol: proto, port: port)
        let reaching = Set(report.region.flatMap(\.sources))
        // README: i-app1 → i-db1 tcp 3306 is Normal; i-web1 → i-db1 is Unconnectable.
        #expect(reaching.contains("i-app1"))
        #expect(!reaching.contains("i-web1"))
        #expect(report.internet.isEmpty)
    }
}

/// `reach --from` equals single-path diagnoses from the object to every destination of its VPC.
@Suite struct ReachFromCrossCheckTests {
    @Test func smallRegionEveryDestinationAndProbedPortAgrees() throws {
        let index = try loadGenerated(.small, seed: 42)
        let engine = try boundEngine(index)
        let analyzer = ReachAnalyzer(engine: engine, index: index)
        var rng = SplitMix64(seed: 9)
        let all = ExposureScanner.destinations(index).filter { $0.interface != nil }
        var probes = 0, mismatches: [String] = [], listed = 0
        func ranges(_ d: Destination) -> [PortRange] {
            guard let eni = d.interface else { return [] }
            var out = eni.securityGroupIds.flatMap { index.securityGroups[$0]?.rules ?? [] }.map(\.portRange)
            if let acl = index.networkAcl(forVSwitch: eni.vswitchId) { out += (acl.ingress + acl.egress).map(\.portRange) }
            return out
        }
        for s in rng.sample(all, 6) {
            let report = try analyzer.reach(from: s)
            listed += report.rows.count
            for d in all where d.id != s.id && d.vpcId == s.vpcId {
                if let own = s.interface?.instanceId, d.interface?.instanceId == own { continue }
                let rows = report.rows.filter { $0.destination == d.id }
                var ports = CrossCheck.wellKnown
                for r in ranges(s) + ranges(d) where !r.isAny { ports += [r.start - 1, r.start, r.end, r.end + 1] }
                for l in d.instance.flatMap({ index.guests[$0.id] })?.listeners ?? [] { ports += [l.port, l.port + 1] }
                ports = Array(Set(ports.filter { (1...65535).contains($0) })).sorted()
                let sampled = ports.count > 40 ? rng.sample(ports, 40) : ports
                for (proto, list) in [("tcp", sampled), ("udp", rng.sample(sampled, min(8, sampled.count))), ("icmp", [-1])] {
                    for port in list {
                        probes += 1
                        let diagnosis = try engine.diagnose(DiagnosisRequest(source: s.id, destination: d.id, protocol: proto, port: port,
                                                                             vpcId: d.vpcId, regionId: index.inventory.regionId))
                        let actual = ExposureStatus(diagnosis)
                        let expected = rows.first { $0.protocol == proto && ($0.ports.map { $0.contains(UInt64(max(port, 0))) } ?? true) }?.status ?? .blocked
                        if actual != expected { mismatches.append("\(s.id) → \(d.id) \(proto)/\(port): reach says \(expected), diagnosis \(actual)") }
                    }
                }
            }
        }
        #expect(probes > 10_000)
        #expect(listed > 0)
        #expect(mismatches.count == 0, "\(mismatches.count) of \(probes): \(mismatches.prefix(5))")
    }
}
