import Foundation
import NetDiagModel

/// The region's group rules, ACL entries, route blocks and guest constants as `PredicateCollector`
/// matches packets against them, each object parsed the first time a destination or sender needs
/// it and kept. A reverse query reads a few groups, one ACL, one route table and one guest of a
/// region holding thousands, so parsing them all up front cost more than the query's own work.
/// Objects are read through the index, so an id the inventory repeats means its first definition,
/// the one the loader's warning names and the rules' views show.
///
/// Shared between threads (the collector is `Sendable`): the caches are read and written only
/// under `lock`, and parsing runs outside it, so no thread waits on another's parse and the lock
/// is never taken twice by one thread. Two threads may parse one object at once; both get equal
/// values and the first stored is kept.
final class RegionEntries: @unchecked Sendable {
    typealias Entry = PredicateCollector.Entry
    typealias GroupRule = PredicateCollector.GroupRule
    /// An egress rule or entry as a sender sees it: the port range is the packet's destination port.
    typealias EgressPort = (proto: String, ports: Interval)

    private let index: InventoryIndex
    private var inventory: Inventory { index.inventory }
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var state = State()

    private struct State {
        var prefixLists: [String: [Interval]]?
        var enisByGroup: [String: [Int]]?
        var members: [String: [Interval]] = [:]
        var portLists: [String: [PortRange]]?
        var groupRules: [String: [GroupRule]] = [:]
        var groupEgress: [String: [EgressPort]] = [:]
        var aclEntries: [String: (ingress: [Entry], egress: [Entry])?] = [:]
        var aclEgress: [String: [EgressPort]] = [:]
        var routes: [String: [Interval]] = [:]
        var guests: [String: GuestConstants?] = [:]
    }

    init(_ index: InventoryIndex) { self.index = index }

    /// How many groups (ingress or egress side), ACLs, route tables and guests have been parsed:
    /// the tests' check that a query parses only what its destination reads.
    var parsed: (groups: Int, acls: Int, tables: Int, guests: Int) {
        lock.withLock {
            (Set(state.groupRules.keys).union(state.groupEgress.keys).count, Set(state.aclEntries.keys).union(state.aclEgress.keys).count,
             state.routes.count, state.guests.count)
        }
    }

    /// The ingress rules of group `id` (none for a group the inventory lacks), in the group's
    /// order. Only ingress: groups are stateful, so a destination's egress rules judge none of
    /// the packets arriving on it or their replies (a sender's are `groupEgress`).
    func groupRules(_ id: String) -> [GroupRule] {
        cached(\.groupRules, id) {
            guard let group = index.securityGroups[id] else { return [] }
            return group.rules.enumerated().filter { $0.element.direction == .ingress }.map { order, rule in
                let ports = ports(of: rule)
                // secgroup.lua's port test for a packet without a port: a range of -1/-1 or of every
                // port; a list covering every port, or one the inventory lacks (the walk stops there,
                // undecided). A list's own -1/-1 entries are left out of the coverage, to be safe.
                let portless: Bool
                if let list = rule.portRangeListId, !list.isEmpty {
                    portless = portList(list).map(Self.covers(every:)) ?? true
                } else {
                    portless = rule.portRange.isAny || (rule.portRange.start <= 1 && rule.portRange.end >= 65535)
                }
                return GroupRule(proto: rule.protocol.lowercased(), ports: ports, blocks: peers(of: rule),
                                 priority: rule.priority, drop: rule.policy == .drop, order: order,
                                 anySourcePort: rule.sourcePortRange?.isAny ?? true, holdsPortless: portless)
            }
        }
    }

    /// The egress rules' protocols and destination ports of group `id`.
    func groupEgress(_ id: String) -> [EgressPort] {
        cached(\.groupEgress, id) {
            (index.securityGroups[id]?.rules ?? []).filter { $0.direction == .egress }.flatMap { rule in
                ports(of: rule).map { (rule.protocol.lowercased(), $0) }
            }
        }
    }

    /// ACL `id`'s entries. Egress entries judge replies, whose destination
    /// port is the client's source port: every port.
    func aclEntries(_ id: String) -> (ingress: [Entry], egress: [Entry])? {
        cached(\.aclEntries, id) {
            guard let acl = index.networkAcls[id] else { return nil }
            return (acl.ingress.map { Entry(proto: $0.protocol.lowercased(), ports: Interval(ports: $0.portRange.start, $0.portRange.end),
                                            blocks: Interval(cidr: $0.cidr).map { [$0] } ?? []) },
                    acl.egress.map { Entry(proto: $0.protocol.lowercased(), ports: .allPorts, blocks: Interval(cidr: $0.cidr).map { [$0] } ?? []) })
        }
    }

    /// ACL `id`'s egress entries as a sender sees them.
    func aclEgress(_ id: String) -> [EgressPort] {
        cached(\.aclEgress, id) {
            (index.networkAcls[id]?.egress ?? []).map { ($0.protocol.lowercased(), Interval(ports: $0.portRange.start, $0.portRange.end)) }
        }
    }

    /// Route table `id`'s destination blocks.
    func routeBlocks(_ id: String) -> [Interval] {
        cached(\.routes, id) {
            index.routeTables[id]?.entries.compactMap { Interval(cidr: $0.destination) } ?? []
        }
    }

    /// The constants of instance `id`'s guest state, nil without one.
    func guest(_ instanceId: String) -> GuestConstants? {
        cached(\.guests, instanceId) {
            index.guests[instanceId].map { GuestConstants($0) }
        }
    }

    /// A rule naming a port list matches the list's ranges, not its own `-1/-1`; a list the
    /// inventory lacks leaves the rule undecidable, which every port sees alike.
    private func ports(of rule: SecurityGroupRule) -> [Interval] {
        guard let list = rule.portRangeListId, !list.isEmpty else { return [Interval(ports: rule.portRange.start, rule.portRange.end)] }
        return portList(list)?.map { Interval(ports: $0.start, $0.end) } ?? [.allPorts]
    }

    private func portList(_ id: String) -> [PortRange]? {
        let lists = once(\.portLists) {
            var out: [String: [PortRange]] = [:]
            for list in inventory.portRangeLists where out[list.id] == nil { out[list.id] = list.ranges }
            return out
        }
        return lists[id]
    }

    /// Whether the ranges (other than `-1/-1`) cover every port.
    private static func covers(every ranges: [PortRange]) -> Bool {
        var next = 1
        for r in ranges.filter({ !$0.isAny }).sorted(by: { $0.start < $1.start }) {
            if r.start > next { return false }
            next = max(next, r.end + 1)
        }
        return next > 65535
    }

    private func peers(of rule: SecurityGroupRule) -> [Interval] {
        if let cidr = rule.cidr, !cidr.isEmpty { return Interval(cidr: cidr).map { [$0] } ?? [] }
        if let list = rule.prefixListId, !list.isEmpty {
            let lists = once(\.prefixLists) {
                var out: [String: [Interval]] = [:]
                for list in inventory.prefixLists where out[list.id] == nil { out[list.id] = list.cidrs.compactMap { Interval(cidr: $0) } }
                return out
            }
            // A list the inventory lacks may hold any address: secgroup.lua stops there, undecided,
            // for every source, so its ports still split the packets.
            return lists[list] ?? [.allAddresses]
        }
        if let group = rule.groupId, !group.isEmpty { return members(of: group) }
        // A rule with no IPv4 peer (an IPv6 block) never matches an IPv4 packet.
        return []
    }

    /// The private addresses of group `group`'s ENIs, in inventory order. One pass lists every
    /// group's ENIs by position (no address parsed); a group's addresses are parsed when a rule
    /// first references it.
    private func members(of group: String) -> [Interval] {
        cached(\.members, group) {
            let enis = once(\.enisByGroup) {
                var out: [String: [Int]] = [:]
                for (k, eni) in inventory.networkInterfaces.enumerated() {
                    for group in eni.securityGroupIds { out[group, default: []].append(k) }
                }
                return out
            }
            return (enis[group] ?? []).flatMap { k in
                inventory.networkInterfaces[k].privateIps.compactMap { CIDRText.address($0).map { Interval($0, $0) } }
            }
        }
    }

    /// The value stored at `path[key]`, else `compute()`'s, stored.
    private func cached<V>(_ path: WritableKeyPath<State, [String: V]>, _ key: String, _ compute: () -> V) -> V {
        if let known = lock.withLock({ state[keyPath: path][key] }) { return known }
        let value = compute()
        return lock.withLock {
            if let known = state[keyPath: path][key] { return known }
            state[keyPath: path][key] = value
            return value
        }
    }

    /// The region-wide value at `path`, computed on first use.
    private func once<V>(_ path: WritableKeyPath<State, V?>, _ compute: () -> V) -> V {
        if let known = lock.withLock({ state[keyPath: path] }) { return known }
        let value = compute()
        return lock.withLock {
            if let known = state[keyPath: path] { return known }
            state[keyPath: path] = value
            return value
        }
    }
}
