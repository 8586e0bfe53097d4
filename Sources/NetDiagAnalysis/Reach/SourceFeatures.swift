import NetDiagModel

/// What one family of rules reads about a source (`SourceFamily.Feature`), for one destination,
/// protocol and port. Sources with equal keys get equal findings from that family, up to the
/// names of the sources themselves (`ObjectNaming`).
struct SourceFeatureKey: Hashable {
    var states: [String] = []
    var vswitch: String?
    var publicAddress: [String] = []
    var rectangles: [Int] = []
    var cutIndex = 0
    var ruleBlocks: [Int] = []
    var entries: [Int] = []
    var route: Int?
    var memberships: [Bool] = []
    var egress: [String] = []
    var ingress: [String] = []
    var clientPorts: [String] = []
    var guest: [String] = []
    var identity: String?
}

/// Computes the sources' keys for one destination, protocol and port: the families' predicates
/// (the destination's entries, from `PredicateCollector`) and the sources' own configuration.
struct SourceFeatures {
    let index: InventoryIndex
    let collector: PredicateCollector
    let destination: Destination
    let `protocol`: String
    let port: Int
    /// Group ids per private address, as the rules' `groupMembers` hold them.
    let groupsByAddress: [String: Set<String>]
    /// Per category: the rectangles (address blocks) that hold at the port, and the sorted cut points.
    private var predicates: [String: (blocks: [Interval], cuts: [UInt64])] = [:]
    private var candidatesByGroup: [String: [Candidate]] = [:]
    /// The destination's groups' ingress candidates, with each one's group position, in walk order.
    private var ingress: [(group: Int, rule: Candidate)]?
    /// The destination's address and the groups holding it: the peer of every source's egress rules.
    private let destinationAddress: UInt64?
    private let destinationHeld: Set<String>
    private let prefixLists: [String: [Interval]]
    private let entries: DestinationEntries

    init(index: InventoryIndex, collector: PredicateCollector, destination: Destination, protocol proto: String, port: Int,
         groupsByAddress: [String: Set<String>]) {
        self.index = index
        self.collector = collector
        self.destination = destination
        self.protocol = proto
        self.port = port
        self.groupsByAddress = groupsByAddress
        destinationAddress = CIDRText.address(destination.address)
        destinationHeld = groupsByAddress[destination.address] ?? []
        entries = DestinationEntries(index: index, destination: destination.interface, protocol: proto, port: port)
        prefixLists = Dictionary(index.inventory.prefixLists.map { ($0.id, $0.cidrs.compactMap { Interval(cidr: $0) }) },
                                 uniquingKeysWith: { a, _ in a })
        if let eni = destination.interface {
            let families = collector.predicates(eni: eni, instance: destination.instance, protocol: proto)
            for category in RulePlan.known.union([RulePlan.other]) {
                let p = families.predicates(for: category)
                let blocks = p.rectangles.filter { port < 0 || $0.ports.contains(UInt64(port)) }.map(\.addresses)
                predicates[category] = (blocks, p.addressCuts.sorted())
            }
        }
    }

    /// What every family reads of a source: its kind, states, binding and VPC.
    static func states(of s: Destination) -> [String] {
        [s.kind, s.instance?.status ?? "-", s.interface?.type.rawValue ?? "no interface", s.interface?.status ?? "-",
         s.interface?.instanceId == nil ? "unbound" : "bound", s.vpcId]
    }

    /// The key of source `s`, whose parsed address is `address` and whose `states(of:)` are
    /// `states` (both worked out once per source, not per family), for `family`.
    mutating func key(_ s: Destination, address: UInt64?, states: [String], for family: SourceFamily) -> SourceFeatureKey {
        var key = SourceFeatureKey()
        // `s.interface` is read in place: a copy of the ENI per source and family cost more than the key.
        for feature in family.reads {
            switch feature {
            case .states:
                key.states = states
            case .vswitch:
                key.vswitch = s.interface?.vswitchId ?? s.instance?.vswitchId ?? ""
            case .publicAddress:
                key.publicAddress = [s.publicAddresses.isEmpty ? "private" : "public"]
                    + (s.interface.map { collector.dnatEntries(to: $0).map { "\($0.id) \($0.protocol) \($0.externalPort) \($0.status)" } } ?? [])
            case .address:
                guard let address, let p = predicates[family.category] else { key.identity = s.id; continue }
                key.rectangles = p.blocks.indices.filter { p.blocks[$0].contains(address) }
                key.cutIndex = CellSignatures.firstAtLeast(address + 1, in: p.cuts)
            case .ruleBlocks:
                guard let address, let p = predicates["object"] else { key.identity = s.id; continue }
                key.ruleBlocks = p.blocks.indices.filter { p.blocks[$0].contains(address) }
            case .aclEntries:
                guard let address, destination.interface != nil else { key.identity = s.id; continue }
                key.entries = entries.aclEntries(address)
            case .route:
                guard let address, destination.interface != nil else { key.identity = s.id; continue }
                key.route = entries.route(address)
            case .groupMembership:
                let held = groupsByAddress[s.address] ?? []
                key.memberships = (destination.interface?.securityGroupIds ?? []).map { held.contains($0) }
            case .egressRules:
                key.egress = egressRules(of: s)
            case .ingressRules:
                key.ingress = ingressRules(of: s, address: address)
            case .clientPorts:
                let system = s.instance.flatMap { index.guests[$0.id] }?.system
                key.clientPorts = [s.instance == nil ? "no instance" : "instance", s.instance?.osType ?? "-",
                                   system == nil ? "no system" : "system", system?.osType ?? "-",
                                   system?.ephemeralPorts.map { "\($0.start)/\($0.end)" } ?? "-"]
            case .guest:
                if let instance = s.instance, index.guests[instance.id] != nil {
                    key.identity = s.id
                } else {
                    key.guest = [s.instance == nil ? "no instance" : "instance", s.instance?.osType ?? "-"]
                }
            case .identity:
                key.identity = s.id
            }
        }
        return key
    }

    /// The source's groups' egress rules that may match the packet to the destination's address,
    /// in walk order up to the first that surely does (`walk`); then the groups' types, and
    /// whether there are none, one or several (`ObjectNaming` names a lone group like a deciding
    /// rule's group).
    private mutating func egressRules(of s: Destination) -> [String] {
        let groups = s.interface?.securityGroupIds ?? []
        var rules: [(group: Int, rule: Candidate)] = []
        for (position, g) in groups.enumerated() { rules += candidates(g, .egress).map { (position, $0) } }
        let types = Set(groups.map { index.securityGroups[$0]?.type.rawValue ?? "missing" })
        return walk(Self.walkOrder(rules), groups: groups, address: destinationAddress, held: destinationHeld)
            + types.sorted() + ["\(min(groups.count, 2)) groups"]
    }

    /// The destination's groups' ingress rules that may match a packet from the source's address
    /// (`walk`): its blocks, prefix lists and the members of the groups they reference.
    private mutating func ingressRules(of s: Destination, address: UInt64?) -> [String] {
        let groups = destination.interface?.securityGroupIds ?? []
        if ingress == nil {
            var rules: [(group: Int, rule: Candidate)] = []
            for (position, g) in groups.enumerated() { rules += candidates(g, .ingress).map { (position, $0) } }
            ingress = Self.walkOrder(rules)
        }
        return walk(ingress!, groups: groups, address: address, held: groupsByAddress[s.address] ?? [])
    }

    /// The rules in the order secgroup.lua's walk visits them (`PredicateCollector.walkRank`).
    private static func walkOrder(_ rules: [(group: Int, rule: Candidate)]) -> [(group: Int, rule: Candidate)] {
        func rank(_ r: (group: Int, rule: Candidate)) -> PredicateCollector.WalkRank {
            PredicateCollector.walkRank(priority: r.rule.priority, drop: r.rule.drop, group: r.group, order: r.rule.order)
        }
        return rules.sorted { rank($0) < rank($1) }
    }

    /// The rules (in `walkOrder`) whose peer may hold the peer's `address` (of groups `held`), up
    /// to the first that surely matches: the walk stops there.
    private func walk(_ rules: [(group: Int, rule: Candidate)], groups: [String], address: UInt64?, held: Set<String>) -> [String] {
        var out: [String] = []
        for (g, rule) in rules {
            let holds: Bool?
            switch rule.peer {
            case .block(let block): holds = block.flatMap { b in address.map { b.contains($0) } }
            case .prefixList(let blocks): holds = blocks.flatMap { list in address.map { a in list.contains { $0.contains(a) } } }
            case .group(let id): holds = held.contains(id)
            case .unknown: holds = nil
            }
            if holds == false { continue }
            out.append(groups[g] + ":" + rule.id)
            if rule.exact && holds == true { break }
        }
        return out
    }

    /// A group rule of the packet's protocol whose ports do not exclude the packet, its peer parsed.
    struct Candidate {
        enum Peer {
            /// An IPv4 block (nil: not one, such as an IPv6 block).
            case block(Interval?)
            /// A prefix list's blocks (nil: a list the inventory lacks).
            case prefixList([Interval]?)
            case group(String)
            case unknown
        }
        var id: String
        var priority: Int
        var drop: Bool
        /// Its position among the group's rules.
        var order: Int
        var peer: Peer
        /// Protocol, ports and source ports match for sure: the peer alone decides.
        var exact: Bool
    }

    private mutating func candidates(_ groupId: String, _ direction: SecurityGroupRule.Direction) -> [Candidate] {
        let cacheKey = direction.rawValue + " " + groupId
        if let known = candidatesByGroup[cacheKey] { return known }
        var out: [Candidate] = []
        for (order, rule) in (index.securityGroups[groupId]?.rules ?? []).enumerated() where rule.direction == direction {
            let p = rule.protocol.lowercased()
            guard p == "all" || p == "any" || p == "-1" || p == `protocol` else { continue }
            let list = !(rule.portRangeListId?.isEmpty ?? true)
            if !list, port > 0, !rule.portRange.isAny, !(rule.portRange.start...rule.portRange.end).contains(port) { continue }
            let peer: Candidate.Peer
            if let cidr = rule.cidr, !cidr.isEmpty {
                peer = .block(Interval(cidr: cidr))
            } else if let id = rule.prefixListId, !id.isEmpty {
                peer = .prefixList(prefixLists[id])
            } else if let id = rule.groupId, !id.isEmpty {
                peer = .group(id)
            } else {
                peer = .unknown
            }
            let exact = p != "any" && !list && (rule.portRange.isAny || port > 0) && (rule.sourcePortRange?.isAny ?? true)
            out.append(Candidate(id: rule.id, priority: rule.priority, drop: rule.policy == .drop, order: order, peer: peer, exact: exact))
        }
        candidatesByGroup[cacheKey] = out
        return out
    }
}
