import NetDiagModel

/// Reads from the model every entry a packet to one destination is matched against: the
/// destination's security group ingress rules, its vSwitch's network ACL, its route table, the DNAT
/// entries forwarding to it, its guest firewall and listeners, and the constants of the rules.
/// This is the only place the analysis knows which configuration the rules read; the verdicts
/// themselves always come from the rules.
public struct PredicateCollector: Sendable {
    let index: InventoryIndex
    private let dnatByInternalIp: [String: [DnatEntry]]
    /// The SNAT entries' source blocks: which one translates a source depends on its address.
    let snatRectangles: [PacketPredicates.Rectangle]
    /// Group rules, ACL entries, routes and guests, each parsed once when first read (a region
    /// has hundreds of thousands of entries; one destination reads a few hundred).
    let entries: RegionEntries

    /// One parsed entry: its protocol (lower-case), the packet's destination ports it matches
    /// (every port for entries that judge replies), and its address blocks.
    struct Entry: Sendable {
        var proto: String
        var ports: Interval
        var blocks: [Interval]
    }

    /// An ingress group rule, with what secgroup.lua's walk orders it by and what decides whether
    /// the walk surely stops at it for a packet its rectangles (blocks × ports) hold.
    struct GroupRule: Sendable {
        var proto: String
        var ports: [Interval]
        var blocks: [Interval]
        var priority: Int
        var drop: Bool
        /// Its position among the group's rules.
        var order: Int
        /// No source port range: the walk's test of the client's ports passes.
        var anySourcePort: Bool
        /// Whether it holds a packet without a port (icmp, gre), whose rectangles cover every port.
        var holdsPortless: Bool
    }

    typealias WalkRank = (Int, Int, Int, Int)

    /// Where a group rule comes in secgroup.lua's walk over an ENI's groups: priority (smaller
    /// first), drop before accept, then the group's position in the ENI's list, then the rule's in
    /// its group.
    static func walkRank(priority: Int, drop: Bool, group: Int, order: Int) -> WalkRank {
        (priority, drop ? 0 : 1, group, order)
    }

    /// Address blocks the rules single out (cloud.lua's private blocks and the ACL's always-allowed
    /// DNS and metadata addresses; the service route), and ports (outbound tcp 25, public-access).
    static let ruleAddressBlocks = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
                                    "100.100.2.128/28", "100.100.2.112/28", "100.100.100.200/32"]
    static let rulePorts: [UInt64] = [25]

    /// Cheap: only the NAT gateways' entries are read here (every destination's key needs its
    /// DNAT entries); the rest is parsed on first use.
    public init(_ index: InventoryIndex) {
        self.index = index
        var dnat: [String: [DnatEntry]] = [:]
        for gateway in index.inventory.natGateways {
            for entry in gateway.dnatEntries { dnat[entry.internalIp, default: []].append(entry) }
        }
        dnatByInternalIp = dnat
        entries = RegionEntries(index)
        snatRectangles = index.inventory.natGateways.flatMap(\.snatEntries).compactMap { e in
            e.sourceCidr.flatMap { Interval(cidr: $0) }.map { PacketPredicates.Rectangle(addresses: $0, ports: .allPorts) }
        }
    }

    /// The DNAT entries forwarding to any of an ENI's private addresses.
    public func dnatEntries(to eni: NetworkInterface) -> [DnatEntry] {
        eni.privateIps.flatMap { dnatByInternalIp[$0] ?? [] }
    }

    /// The predicates for packets of `protocol` arriving on `eni` (of `instance`), per rule
    /// category: what the rules of that category match packets against. Every family also gets
    /// the DNAT entries (they change the port a destination sees) and the rules' constants.
    /// `firstMatch`: the security groups' rules are a first-match walk (`PacketPredicates.FirstMatch`)
    /// for packets whose source address the groups see as it is, with no DNAT entry forwarding to
    /// the ENI (the rules then see other ports than the packet's) and every one of its groups in
    /// the inventory.
    public func predicates(eni: NetworkInterface, instance: Instance?, protocol proto: String,
                           firstMatch: Bool = false) -> PredicateFamilies {
        func matches(_ ruleProtocol: String) -> Bool {
            let r = ruleProtocol.lowercased()
            return r == "all" || r == "any" || r == proto
        }
        var common = PacketPredicates()
        for entry in dnatEntries(to: eni) where matches(entry.protocol) {
            for text in [entry.internalPort, entry.externalPort] {
                if let range = Self.dnatPorts(text) { common.add(addresses: .allAddresses, ports: range) }
            }
        }
        // The rules' constants are intervals too: membership in them, not their edges, is what a
        // rule can see (so the private blocks, outside the internet, do not split it).
        for block in Self.ruleAddressBlocks { if let b = Interval(cidr: block) { common.add(addresses: b) } }

        func add(_ entries: [Entry], to p: inout PacketPredicates) {
            for e in entries where e.proto == "all" || e.proto == "any" || e.proto == proto {
                for block in e.blocks { p.add(addresses: block, ports: e.ports) }
            }
        }
        var groups = common
        // A group the inventory lacks has no view, so the rules' list of groups is not the ENI's
        // (ipairs ends at the hole): the walks could differ.
        let walk = firstMatch && dnatEntries(to: eni).isEmpty && eni.securityGroupIds.allSatisfy { index.securityGroups[$0] != nil }
        addGroupRules(of: eni, protocol: proto, walk: walk, to: &groups)
        var acls = common
        if let acl = index.networkAcl(forVSwitch: eni.vswitchId), let aclEntries = entries.aclEntries(acl.id) {
            add(aclEntries.ingress, to: &acls)
            add(aclEntries.egress, to: &acls)
        }
        var routes = common
        if let table = index.effectiveRouteTable(forVSwitch: eni.vswitchId) {
            for block in entries.routeBlocks(table.id) { routes.add(addresses: block) }
        }
        var guestOS = common
        if let instance, let guest = entries.guest(instance.id) {
            for a in guest.addresses { guestOS.cutAddresses(a) }
            for port in guest.ports { guestOS.cutPorts(Interval(port, port)) }
        }
        var publicAccess = common
        for port in Self.rulePorts { publicAccess.add(addresses: .allAddresses, ports: Interval(port, port)) }
        var families = PredicateFamilies(byCategory: ["security-group": groups, "network-acl": acls, "route": routes,
                                                       "guest-os": guestOS, "public-access": publicAccess, "object": common])
        for entry in dnatEntries(to: eni) where matches(entry.protocol) {
            guard let outer = Self.dnatPorts(entry.externalPort), let inner = Self.dnatPorts(entry.internalPort),
                  outer.lo != inner.lo, outer.hi - outer.lo == inner.hi - inner.lo else { continue }
            for (category, predicates) in families.byCategory {
                families.byCategory[category] = Self.mirroring(predicates, between: outer, and: inner)
            }
        }
        return families
    }

    /// The rectangles of the ENI's groups' ingress rules for `proto`; with `walk`, in the order
    /// secgroup.lua's walk visits them (`walkRank`) as a first-match walk, each marked with whether the walk surely stops there: when the protocol has ports or
    /// the rule holds portless packets, and no source port range makes it depend on the client's.
    private func addGroupRules(of eni: NetworkInterface, protocol proto: String, walk: Bool, to p: inout PacketPredicates) {
        var rules: [(group: Int, rule: GroupRule)] = []
        for (g, groupId) in eni.securityGroupIds.enumerated() {
            for rule in entries.groupRules(groupId) where rule.proto == "all" || rule.proto == proto { rules.append((g, rule)) }
        }
        func rectangles(_ r: GroupRule) -> [PacketPredicates.Rectangle] {
            r.ports.flatMap { ports in r.blocks.map { PacketPredicates.Rectangle(addresses: $0, ports: ports) } }
        }
        guard walk else {
            for (_, r) in rules { p.rectangles += rectangles(r) }
            return
        }
        let hasPorts = proto == "tcp" || proto == "udp"
        func rank(_ r: (group: Int, rule: GroupRule)) -> WalkRank {
            Self.walkRank(priority: r.rule.priority, drop: r.rule.drop, group: r.group, order: r.rule.order)
        }
        rules.sort { rank($0) < rank($1) }
        for (_, r) in rules {
            p.addWalkEntry(rectangles(r), stops: r.anySourcePort && (hasPorts || r.holdsPortless))
        }
    }

    /// A DNAT range forwards each external port to the internal port at the same offset, so a
    /// rule's port edge inside one range is an edge inside the other too: without the mirror, a
    /// security group rule on internal ports 8005-8006 would leave external 26804-26810 one class.
    static func mirroring(_ predicates: PacketPredicates, between a: Interval, and b: Interval) -> PacketPredicates {
        var edges = predicates.portCuts
        for r in predicates.rectangles { edges.insert(r.ports.lo); edges.insert(r.ports.hi + 1) }
        var out = predicates
        for edge in edges {
            if edge > a.lo, edge <= a.hi { out.portCuts.insert(edge - a.lo + b.lo) }
            if edge > b.lo, edge <= b.hi { out.portCuts.insert(edge - b.lo + a.lo) }
        }
        return out
    }

    /// `families` with what a sending instance or ENI of the region adds: its groups' egress
    /// rules and its ACL's egress entries split the destination ports (every one, whichever block
    /// it names: a superset), and so do its guest firewall's numbers.
    public func adding(sender s: Destination, to families: PredicateFamilies, protocol proto: String) -> PredicateFamilies {
        var out = families
        guard let eni = s.interface else { return out }
        func ports(_ list: [(proto: String, ports: Interval)], _ category: String) {
            for e in list where e.proto == "all" || e.proto == "any" || e.proto == proto {
                out.byCategory[category, default: PacketPredicates()].add(addresses: .allAddresses, ports: e.ports)
            }
        }
        for g in eni.securityGroupIds { ports(entries.groupEgress(g), "security-group") }
        if let acl = index.networkAcl(forVSwitch: eni.vswitchId) { ports(entries.aclEgress(acl.id), "network-acl") }
        if let instance = s.instance, let guest = entries.guest(instance.id) {
            for port in guest.ports { out.byCategory["guest-os", default: PacketPredicates()].cutPorts(Interval(port, port)) }
        }
        for port in Self.rulePorts { out.byCategory["public-access", default: PacketPredicates()].add(addresses: .allAddresses, ports: Interval(port, port)) }
        return out
    }

    /// A DNAT entry's port (`80`) or offset-preserving range (`26804/26810`); nil for `any`.
    static func dnatPorts(_ text: String) -> Interval? {
        let ends = text.split(separator: "/", omittingEmptySubsequences: false).map { UInt64($0) }
        switch ends.count {
        case 1: return ends[0].map { Interval($0, $0) }
        case 2: guard let lo = ends[0], let hi = ends[1], lo <= hi else { return nil }; return Interval(lo, hi)
        default: return nil
        }
    }
}
