import Foundation
import NetDiagAnalysis
import NetDiagEngine
import NetDiagInventory
import NetDiagModel
import Testing

/// The scan on the bundled example region, whose paths the README tabulates.
@Suite struct ExampleRegionExposureTests {
    static func scan(from: String = "internet") throws -> ExposureReport {
        let index = InventoryIndex(try InventoryLoader.load(path: repositoryRoot.appendingPathComponent("examples/region")).inventory)
        return try ExposureScanner(engine: try boundEngine(index), index: index).scan(from: SourceScope(from, index: index))
    }

    @Test func webServerIsReachableOnItsTwoPortsFromTheWholeInternet() throws {
        let report = try Self.scan()
        let web1 = report.rows.filter { $0.destination == "i-web1" }
        #expect(web1.map { $0.ports.map { "\($0.lo)/\($0.hi)" } ?? "" } == ["80/80", "443/443"])
        #expect(web1.allSatisfy { $0.status == .reachable && $0.listening == .yes && $0.protocol == "tcp" })
        let https = try #require(web1.last)
        #expect(https.hops.contains { $0.rule == "security-group.ingress" && $0.evidence["rule"] == .string("sgr-web-https") })
        #expect(https.hops.contains { $0.side == "return" }, "the return path's items are listed too")
        // i-web2 has no public address (README: 8.8.8.8 → i-web2 is Unconnectable).
        #expect(!report.rows.contains { $0.destination == "i-web2" })
    }

    @Test func dnatTargetIsReachableOnlyFromTheOfficePrefixList() throws {
        let report = try Self.scan()
        let app1 = report.rows.filter { $0.destination == "i-app1" }
        #expect(app1.count == 1)
        let row = try #require(app1.first)
        #expect(row.ports == Interval(22, 22))
        #expect(row.hops.contains { $0.evidence["dnatEntry"] == .string("fwd-app1-ssh") })
        // 203.0.113.7 reaches it (README); 8.8.8.8 does not.
        #expect(row.covers(address: 203 << 24 | 113 << 8 | 7, port: 22))
        #expect(!row.covers(address: 8 << 24 | 8 << 16 | 8 << 8 | 8, port: 22))
    }

    @Test func guestWithoutStateIsUnverifiedNotReachable() throws {
        let bastion = try Self.scan().rows.filter { $0.destination == "i-bastion" }
        #expect(bastion.map(\.status) == [.unverified])
        #expect(bastion.first?.listening == .unknown)
    }

    @Test func fromABlockNarrowsTheSources() throws {
        let report = try Self.scan(from: "8.8.8.0/24")
        #expect(report.rows.allSatisfy { $0.sources.allSatisfy { Interval(cidr: "8.8.8.0/24")!.contains($0) } })
        #expect(!report.rows.contains { $0.destination == "i-app1" })
        #expect(report.rows.contains { $0.destination == "i-web1" })
    }

    @Test func privateOrMalformedSourcesAreRefusedWithTheValue() throws {
        let index = InventoryIndex(Inventory())
        #expect(throws: AnalysisError.self) { try SourceScope("10.1.0.0/16", index: index) }
        do {
            _ = try SourceScope("300.1.1.1/8", index: index)
            Issue.record("a malformed block was accepted")
        } catch {
            #expect(error.description.contains("'300.1.1.1/8'"))
        }
    }
}

@Suite struct IntervalTests {
    @Test func rangesBecomeTheFewestCIDRBlocks() {
        #expect(Interval(cidr: "10.1.2.3/16") == Interval(0x0A01_0000, 0x0A01_FFFF))
        #expect(Interval(0, 0xFFFF_FFFF).cidrs == ["0.0.0.0/0"])
        #expect(Interval(cidr: "198.51.100.16/28")!.cidrs == ["198.51.100.16/28"])
        // 10.0.0.1 – 10.0.0.6: /32, /31, /31, /32
        #expect(Interval(0x0A00_0001, 0x0A00_0006).cidrs == ["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"])
        #expect(Interval(cidr: "2001:db8::/32") == nil)
    }

    @Test func atomsCutTheUniverseAtEveryBreakpoint() {
        var cuts: Set<UInt64> = []
        cuts.cut(at: Interval(22, 22))
        cuts.cut(at: Interval(1000, 2000))
        let atoms = Atoms(universe: .allPorts, breakpoints: cuts)
        #expect((0..<atoms.count).map { atoms[$0] } == [Interval(1, 21), Interval(22, 22), Interval(23, 999),
                                                       Interval(1000, 2000), Interval(2001, 65535)])
    }
}
