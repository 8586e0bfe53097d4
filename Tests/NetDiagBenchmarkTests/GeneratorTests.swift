import Foundation
import NetDiagBenchmarkSupport
import NetDiagEngine
import NetDiagInventory
import NetDiagModel
import Testing

@Suite struct GeneratorTests {
    @Test func sameSeedGivesByteIdenticalFiles() throws {
        let a = temporaryFolder("a"), b = temporaryFolder("b"), c = temporaryFolder("c")
        defer { for f in [a, b, c] { try? FileManager.default.removeItem(at: f) } }
        _ = try RegionWriter.write(RegionGenerator.generate(.small, seed: 9), to: a)
        _ = try RegionWriter.write(RegionGenerator.generate(.small, seed: 9), to: b)
        _ = try RegionWriter.write(RegionGenerator.generate(.small, seed: 10), to: c)
        let filesA = try fileContents(a), filesB = try fileContents(b), filesC = try fileContents(c)
        #expect(filesA.count > 50)
        #expect(filesA == filesB)
        #expect(filesA != filesC)
    }

    @Test func prngSequenceIsFixed() {
        var rng = SplitMix64(seed: 0)
        // The published SplitMix64 reference values for seed 0.
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func smallRegionLoadsWithoutWarnings() throws {
        let (folder, region, loaded) = try generateAndLoad()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(loaded.warnings.map(\.description) == [])
        let inv = loaded.inventory
        let spec = RegionSpec.small
        #expect(inv.instances.count == spec.instances)
        #expect(inv.networkInterfaces.count == spec.enis)
        #expect(inv.securityGroups.count == spec.securityGroups)
        #expect(inv.securityGroups.allSatisfy { $0.rules.count == spec.rulesPerGroup })
        #expect(inv.guests.count == spec.osSnapshots)
        #expect(inv.guests.allSatisfy { $0.iptables != nil && $0.listeners != nil })
        // Long lists are paged, as the API pages them.
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("DescribeInstances/2.json").path))
        // The loader reads back what was generated.
        var expected = region.inventory
        expected.guests = inv.guests
        func mismatches<T: Equatable>(_ a: [T], _ b: [T]) -> Int { a.count == b.count ? zip(a, b).filter { $0 != $1 }.count : -1 }
        #expect(mismatches(inv.vpcs, expected.vpcs) == 0)
        #expect(mismatches(inv.vswitches, expected.vswitches) == 0)
        #expect(mismatches(inv.instances, expected.instances) == 0)
        #expect(mismatches(inv.networkInterfaces, expected.networkInterfaces) == 0)
        #expect(mismatches(inv.securityGroups, expected.securityGroups) == 0)
        #expect(mismatches(inv.routeTables, expected.routeTables) == 0)
        #expect(mismatches(inv.networkAcls, expected.networkAcls) == 0)
        #expect(mismatches(inv.natGateways, expected.natGateways) == 0)
    }

    @Test func benchmarkRunsToCompletionOnSmallRegion() throws {
        let (folder, _, _) = try generateAndLoad(seed: 3)
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = BenchmarkOptions()
        options.diagnoses = 60
        options.warmup = 10
        options.steadyWarmup = 40
        options.threads = 2
        options.ruleFolders = [repositoryRoot.appendingPathComponent("rules").path]
        options.sizeName = "small"
        let report = try BenchmarkRunner.run(inventory: folder, options: options)
        #expect(report.loadWarnings == 0)
        #expect(report.latency.count == 60)
        #expect(report.latencyEmptyRules.count == 60)
        #expect(report.latencyLongRunning.count == 60 && report.longRunningWarmup == 40)
        #expect(report.maxRssMiB["afterLongRunning"]! >= report.maxRssMiB["afterOneCore"]!)
        #expect(ReportTable.single(report).contains("long-running"))
        #expect(report.verdicts.values.reduce(0, +) == 60)
        #expect(report.diagnosesPerSecondOneCore > 0 && report.diagnosesPerSecondAllCores > 0)
        #expect(report.maxRssMiB["afterAllCores"]! > 0)
        #expect(!ReportTable.single(report).isEmpty)
        #expect(ReportTable.growth([report, report]).contains("instances"))
    }

    @Test func sampledPathsResolve() throws {
        let region = RegionGenerator.generate(.small, seed: 5)
        let index = InventoryIndex(region.inventory)
        let engine = try RuleEngine(sources: [])
        try engine.bind(index)
        var sampler = PathSampler(region.inventory, seed: 5)
        for request in sampler.take(300) {
            #expect(throws: Never.self) { _ = try engine.diagnose(request) }
        }
    }
}
