import Foundation
@testable import NetDiagAnalysis
import NetDiagInventory
import NetDiagModel
import Testing

/// `PredicateCollector` parses the region's entries on first use (`RegionEntries`): a query parses
/// only what its destination reads, and the predicates do not depend on the order of the calls or
/// on the threads making them.
@Suite struct RegionEntriesTests {
    /// Every category's rectangles (in order) and sorted cuts, as text to compare.
    static func signature(_ families: PredicateFamilies) -> [String] {
        families.byCategory.keys.sorted().map { category in
            let p = families.byCategory[category]!
            return category + ": " + p.rectangles.map { "\($0.addresses)x\($0.ports)" }.joined(separator: ",")
                + " | " + p.addressCuts.sorted().map(String.init).joined(separator: ",")
                + " | " + p.portCuts.sorted().map(String.init).joined(separator: ",")
        }
    }

    static func signatures(_ collector: PredicateCollector, _ d: Destination) -> [String] {
        guard let eni = d.interface else { return [] }
        return ["tcp", "udp", "icmp"].flatMap { proto in
            let own = collector.predicates(eni: eni, instance: d.instance, protocol: proto)
            return Self.signature(own) + Self.signature(collector.adding(sender: d, to: own, protocol: proto))
        }
    }

    @Test func oneDestinationParsesOnlyWhatItReads() throws {
        let index = try loadGenerated(.small, seed: 42)
        let destinations = ExposureScanner.destinations(index).filter { $0.interface != nil && $0.instance != nil }
        let d = try #require(destinations.first { index.guests[$0.instance!.id] != nil })
        let eni = d.interface!
        let collector = PredicateCollector(index)
        #expect(collector.entries.parsed == (0, 0, 0, 0))
        _ = collector.predicates(eni: eni, instance: d.instance, protocol: "tcp")
        let acls = index.networkAcl(forVSwitch: eni.vswitchId) == nil ? 0 : 1
        let tables = index.effectiveRouteTable(forVSwitch: eni.vswitchId) == nil ? 0 : 1
        #expect(collector.entries.parsed == (Set(eni.securityGroupIds).count, acls, tables, 1))
        #expect(index.inventory.securityGroups.count > 4 * Set(eni.securityGroupIds).count, "the region holds many more groups")
        // Another protocol reads the same objects again, from the cache.
        _ = collector.predicates(eni: eni, instance: d.instance, protocol: "udp")
        #expect(collector.entries.parsed == (Set(eni.securityGroupIds).count, acls, tables, 1))
        // A sender adds its own groups' egress rules and ACL.
        let s = try #require(destinations.first { Set($0.interface!.securityGroupIds).isDisjoint(with: eni.securityGroupIds) })
        _ = collector.adding(sender: s, to: PredicateFamilies(byCategory: [:]), protocol: "tcp")
        #expect(collector.entries.parsed.groups == Set(eni.securityGroupIds).union(s.interface!.securityGroupIds).count)
    }

    @Test func sharedCollectorGivesTheSamePredicatesInAnyOrderAndFromManyThreads() throws {
        let index = try loadGenerated(.small, seed: 42)
        let destinations = ExposureScanner.destinations(index)
        let inOrder = PredicateCollector(index)
        let expected = destinations.map { Self.signatures(inOrder, $0) }
        #expect(expected.contains { !$0.isEmpty })
        let shared = PredicateCollector(index)
        let results = Results(count: destinations.count)
        // Reversed and interleaved over threads, so the first reads of an object race.
        DispatchQueue.concurrentPerform(iterations: destinations.count) { k in
            let position = destinations.count - 1 - k
            results.set(position, Self.signatures(shared, destinations[position]))
        }
        let mismatched = destinations.indices.filter { results.value(at: $0) != expected[$0] }
        #expect(mismatched.isEmpty, "\(mismatched.prefix(5).map { destinations[$0].id })")
    }

    /// An inventory repeating a group id: the loader warns that the first definition is used, and
    /// the rules' views show it; the predicates come from it too (a later copy splitting classes the
    /// rules never see could hide a difference they do see).
    @Test func repeatedGroupIdsAreReadAsTheRulesReadThem() throws {
        var inventory = try InventoryLoader.load(path: repositoryRoot.appendingPathComponent("examples/region")).inventory
        var copy = try #require(inventory.securityGroups.first { $0.id == "sg-web" })
        copy.rules = [
            SecurityGroupRule(id: "sgr-dup-in", direction: .ingress, policy: .accept, priority: 1, protocol: "tcp",
                              portRange: PortRange(start: 7777, end: 7777)!, cidr: "203.0.113.0/24"),
            SecurityGroupRule(id: "sgr-dup-out", direction: .egress, policy: .accept, priority: 1, protocol: "tcp",
                              portRange: PortRange(start: 9999, end: 9999)!, cidr: "0.0.0.0/0"),
        ]
        inventory.securityGroups.append(copy)
        let index = InventoryIndex(inventory)
        let web = try #require(ExposureScanner.destinations(index).first { $0.id == "i-web1" })
        #expect(web.interface!.securityGroupIds.contains("sg-web"))
        let collector = PredicateCollector(index)
        let own = try #require(collector.predicates(eni: web.interface!, instance: web.instance, protocol: "tcp").byCategory["security-group"])
        #expect(!own.rectangles.contains { $0.ports == Interval(7777, 7777) })
        #expect(own.rectangles.contains { $0.ports == Interval(443, 443) }, "sg-web's first definition accepts https")
        let sent = try #require(collector.adding(sender: web, to: PredicateFamilies(byCategory: [:]), protocol: "tcp").byCategory["security-group"])
        #expect(!sent.rectangles.contains { $0.ports == Interval(9999, 9999) })
    }
}

/// Results written from many threads, each slot once.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [[String]?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ value: [String]) { lock.withLock { slots[k] = value } }
    func value(at k: Int) -> [String]? { lock.withLock { slots[k] } }
}
