import Foundation
@testable import NetDiagAnalysis
import NetDiagEngine
import NetDiagInventory
import NetDiagModel
import Testing

/// The security groups' rules collected as a first-match walk (`PacketPredicates.FirstMatch`):
/// packets that differ only in rules after the first that surely matches them are one class.
@Suite struct FirstMatchWalkTests {
    /// Seed 5: its groups' rules overlap enough for the walk to merge classes (27 fewer evaluations).
    @Test func theWalkSavesEvaluationsAndChangesNoRow() throws {
        let index = try loadGenerated(.small, seed: 5)
        let engine = try boundEngine(index)
        let walking = try ExposureScanner(engine: engine, index: index).scan(from: SourceScope("internet", index: index))
        let full = ExposureScanner(engine: engine, index: index)
        full.walksFirstMatch = false
        let without = try full.scan(from: SourceScope("internet", index: index))
        #expect(walking.summary.evaluations < without.summary.evaluations)
        #expect(walking.rows == without.rows)
    }

    /// Addresses 0-99 and 50-149 in two rules: the cell in both is the first rule's alone when
    /// the walk surely stops there, and its own class when it may not.
    @Test func rulesAfterASureMatchDoNotSplitClasses() {
        func signatures(firstStops: Bool) -> Int {
            var p = PacketPredicates()
            p.add(addresses: Interval(1000, 2000))
            p.addWalkEntry([.init(addresses: Interval(0, 99), ports: .allPorts)], stops: firstStops)
            p.addWalkEntry([.init(addresses: Interval(50, 149), ports: .allPorts)], stops: true)
            let atoms = [Interval(0, 49), Interval(50, 99), Interval(100, 149), Interval(150, 999)]
            return CellSignatures(p, addresses: atoms, ports: [.allPorts]).representatives.count
        }
        #expect(signatures(firstStops: true) == 3)
        #expect(signatures(firstStops: false) == 4)
    }

    /// Rules whose rectangles hold every address but which match no packet here: a source port
    /// range asking the client's ports to lie in 1024-2048 (tcp), and port 22 of protocol `all`
    /// (no icmp packet). The walk goes on to a drop of 8.0.0.0/8, so those sources stay apart.
    @Test func rulesThatMayNotMatchDoNotEndTheWalk() throws {
        var inventory = try exampleInventory()
        let g = try #require(inventory.securityGroups.firstIndex { $0.id == "sg-web" })
        inventory.securityGroups[g].rules = [
            SecurityGroupRule(id: "client-ports", direction: .ingress, policy: .accept, protocol: "tcp",
                              portRange: PortRange("22/22")!, sourcePortRange: PortRange("1024/2048")!, cidr: "0.0.0.0/0"),
            SecurityGroupRule(id: "no-eight-ssh", direction: .ingress, policy: .drop, priority: 2, protocol: "tcp",
                              portRange: PortRange("22/22")!, cidr: "8.0.0.0/8"),
            SecurityGroupRule(id: "one-port", direction: .ingress, policy: .accept, priority: 3, protocol: "all",
                              portRange: PortRange("22/22")!, cidr: "0.0.0.0/0"),
            SecurityGroupRule(id: "no-eight", direction: .ingress, policy: .drop, priority: 4, protocol: "all",
                              portRange: .any, cidr: "8.0.0.0/8"),
            SecurityGroupRule(id: "rest", direction: .ingress, policy: .accept, priority: 5, protocol: "all",
                              portRange: .any, cidr: "0.0.0.0/0"),
        ]
        inventory.networkAcls = []   // the example's admit tcp only
        let index = InventoryIndex(inventory)
        let eni = try #require(index.inventory.networkInterfaces.first { $0.id == "eni-web1" })
        let collector = PredicateCollector(index)
        let tcp = try #require(collector.predicates(eni: eni, instance: nil, protocol: "tcp", firstMatch: true)
            .byCategory["security-group"]?.firstMatch)
        #expect(tcp.stops == [false, true, true, true, true], "a source port range depends on the client's ports")
        let report = try ExposureScanner(engine: try boundEngine(index), index: index)
            .scan(from: SourceScope("internet", index: index), protocols: ["tcp", "icmp"], only: ["i-web1"])
        let google: UInt64 = 8 << 24 | 8 << 16 | 8 << 8 | 8, quad9: UInt64 = 9 << 24 | 9 << 16 | 9 << 8 | 9
        let ssh = report.rows.filter { $0.protocol == "tcp" && $0.ports?.contains(22) == true }
        let icmp = report.rows.filter { $0.protocol == "icmp" }
        #expect(ssh.contains { $0.covers(address: quad9, port: 22) })
        #expect(!ssh.contains { $0.covers(address: google, port: 22) }, "client-ports never matches: no-eight-ssh drops 8.8.8.8")
        #expect(icmp.contains { $0.covers(address: quad9, port: -1) })
        #expect(!icmp.contains { $0.covers(address: google, port: -1) }, "port 22 holds no icmp packet: no-eight drops 8.8.8.8")
    }

    @Test func anEniWithAGroupTheInventoryLacksKeepsEveryRule() throws {
        var inventory = try exampleInventory()
        let k = try #require(inventory.networkInterfaces.firstIndex { $0.id == "eni-web1" })
        let collector = PredicateCollector(InventoryIndex(inventory))
        #expect(collector.predicates(eni: inventory.networkInterfaces[k], instance: nil, protocol: "tcp", firstMatch: true)
            .byCategory["security-group"]?.firstMatch != nil)
        inventory.networkInterfaces[k].securityGroupIds.insert("sg-gone", at: 0)
        let eni = inventory.networkInterfaces[k]
        #expect(PredicateCollector(InventoryIndex(inventory)).predicates(eni: eni, instance: nil, protocol: "tcp", firstMatch: true)
            .byCategory["security-group"]?.firstMatch == nil)
    }

    /// A rule naming a prefix list the inventory lacks stops secgroup.lua's walk, undecided, for
    /// every source on its ports: those ports are a class of their own (they used to be merged
    /// with their neighbours, since the rule had no rectangle at all).
    @Test func aMissingPrefixListSplitsItsPorts() throws {
        var inventory = try exampleInventory()
        let g = try #require(inventory.securityGroups.firstIndex { $0.id == "sg-web" })
        inventory.securityGroups[g].rules.append(SecurityGroupRule(
            id: "sgr-partners", direction: .ingress, policy: .accept, protocol: "tcp",
            portRange: PortRange("8080/8080")!, prefixListId: "pl-missing"))
        let index = InventoryIndex(inventory)
        let report = try ExposureScanner(engine: try boundEngine(index), index: index)
            .scan(from: SourceScope("internet", index: index), only: ["i-web1"])
        let row = try #require(report.rows.first { $0.ports == Interval(8080, 8080) })
        #expect(row.hops.contains { $0.reason == "SG_INGRESS_UNDECIDED" } || row.blockers.contains { $0.contains("SG_INGRESS_UNDECIDED") },
                "\(row)")
        #expect(!report.rows.contains { $0.ports != Interval(8080, 8080) && $0.ports?.contains(Interval(8080, 8080)) == true })
    }

    @Test func aRuleAddedToTheCategoryKeepsEveryGroupRule() throws {
        let added = RuleSource(path: "extra/sg-audit.lua", text: """
            id = "security-group.audit"
            title = "Audit"
            category = "security-group"
            severity = "non-critical"
            applies_to = { side = "destination", objects = { "instance", "eni" } }
            description = "Reports every group rule that matches."
            reasons = { SG_AUDITED = "Audited." }
            function check(ctx) return pass { reason = "SG_AUDITED", message = "audited" } end
            """)
        let engine = try RuleEngine(sources: try RuleDirectory.load([repositoryRoot.appendingPathComponent("rules").path]) + [added])
        #expect(engine.problems.isEmpty, "\(engine.problems)")
        #expect(!RulePlan(engine).groupsDecideByFirstMatch)
        #expect(RulePlan(try boundEngine(InventoryIndex(Inventory()))).groupsDecideByFirstMatch)
    }

    private func exampleInventory() throws -> Inventory {
        try InventoryLoader.load(path: repositoryRoot.appendingPathComponent("examples/region")).inventory
    }
}
