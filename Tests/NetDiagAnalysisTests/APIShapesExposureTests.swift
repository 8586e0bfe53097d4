import Foundation
import NetDiagAnalysis
import NetDiagEngine
import NetDiagInventory
import NetDiagModel
import Testing

/// The exposure scan on the cloud's real shapes (rules/tests/inventories/api-shapes): a DNAT port
/// range forwarding at an offset and a security group rule that names a port list. Both are
/// matched by the rules on ports the rule's own `PortRange` does not show, so the scan's classes
/// must be cut there too; every port around those edges is probed.
@Suite struct APIShapesExposureTests {
    /// api-shapes with sg-back's range rule narrowed to two internal ports of the DNAT range, and
    /// a whole-IP DNAT mapping to i-b2 so the internet meets a port-list rule in sg-back2 (whose
    /// rule naming a missing list is left out: it would leave every port undecided).
    static func region() throws -> InventoryIndex {
        let folder = repositoryRoot.appendingPathComponent("rules/tests/inventories/api-shapes")
        var inventory = try InventoryLoader.load(path: folder).inventory
        let group = try #require(inventory.securityGroups.firstIndex { $0.id == "sg-back" })
        let rule = try #require(inventory.securityGroups[group].rules.firstIndex { $0.id == "sgr-back-range" })
        inventory.securityGroups[group].rules[rule].portRange = try #require(PortRange("36805/36806"))
        let back2 = try #require(inventory.securityGroups.firstIndex { $0.id == "sg-back2" })
        inventory.securityGroups[back2].rules.removeAll { $0.id == "sgr-back2-missing" }
        inventory.securityGroups[back2].rules.append(SecurityGroupRule(
            id: "sgr-back2-web", direction: .ingress, policy: .accept, priority: 1, protocol: "tcp",
            portRange: try #require(PortRange("-1/-1")), cidr: "0.0.0.0/0", portRangeListId: "prl-web"))
        let gateway = try #require(inventory.natGateways.firstIndex { $0.id == "ngw-r" })
        inventory.natGateways[gateway].ips.append("47.3.3.101")
        inventory.natGateways[gateway].dnatEntries.append(DnatEntry(
            id: "dnat-b2", externalIp: "47.3.3.101", externalPort: "any", internalIp: "10.1.2.11", internalPort: "any",
            protocol: "any"))
        return InventoryIndex(inventory)
    }

    @Test func portListsAndOffsetDnatRangesCutTheClasses() throws {
        let index = try Self.region()
        let engine = try boundEngine(index)
        let report = try ExposureScanner(engine: engine, index: index).scan(from: SourceScope("internet", index: index))
        #expect(report.summary.classSplits == 0)
        var check = CrossCheck(index: index, engine: engine, report: report, seed: 5)
        let client = try #require(CrossCheck.number("198.18.7.9"))
        let destinations = ExposureScanner.destinations(index)
        let b1 = try #require(destinations.first { $0.id == "i-b1" })
        let b2 = try #require(destinations.first { $0.id == "i-b2" })
        for port in Array(26_800...26_815) + Array(36_800...36_815) { try check.probe(b1, "tcp", client, port) }
        for port in [8079, 8080, 8081, 8442, 8443, 8444, 9099, 9100, 9150, 9199, 9200] { try check.probe(b2, "tcp", client, port) }
        #expect(check.mismatches.isEmpty, "\(check.mismatches.count) of \(check.probes): \(check.mismatches.prefix(5))")
        // Not vacuous: the narrowed rule and the port list each make some probes reachable and others not.
        let b1Rows = report.rows.filter { $0.destination == "i-b1" && $0.protocol == "tcp" }
        #expect(b1Rows.contains { $0.covers(address: client, port: 36_805) })
        #expect(!b1Rows.contains { $0.covers(address: client, port: 36_807) })
        let b2Rows = report.rows.filter { $0.destination == "i-b2" && $0.protocol == "tcp" }
        #expect(b2Rows.contains { $0.covers(address: client, port: 9150) })
        #expect(!b2Rows.contains { $0.covers(address: client, port: 9200) })
    }
}
