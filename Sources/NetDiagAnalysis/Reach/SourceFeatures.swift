import NetDiagModel

/// What one family of rules reads about a source (`SourceFamily.Feature`), for one destination,
/// protocol and port. Sources with equal keys get equal findings from that family, up to the
/// names of the sources themselves (`SourceNaming`).
struct SourceFeatureKey: Hashable {
    var states: [String] = []
    var vswitch: String?
    var publicAddress: [String] = []
    var rectangles: [Int] = []
    var cutIndex = 0
    var snat: [Int] = []
    var memberships: [Bool] = []
    var egress: [String] = []
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
    private let destinationAddress: UInt64?
    /// Per category: the rectangles (address blocks) that hold at the port, and the sorted cut points.
    private var predicates: [String: (blocks: [Interval], cuts: [UInt64])] = [:]
    private var egressByGroup: [String: [Candidate]] = [:]
    private let prefixLists: [String: [Interval]]

    init(index: InventoryIndex, collector: PredicateCollector, destination: Destination, protocol proto: String, port: Int,
         groupsByAddress: [String: Set<String>]) {
        self.index = index
        self.collector = collector
        self.destination = destination
        self.protocol = proto
        self.port = port
        self.groupsByAddress = groupsByAddress
        destinationAddress = CIDRText.address(destination.address)
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

    /// The key of source `s` for `family`.
    mutating func key(_ s: Destination, for family: SourceFamily) -> SourceFeatureKey {
        var key = SourceFeatureKey()
        let eni = s.interface
        let address = CIDRText.address(s.address)
        for feature in family.reads {
            switch feature {
            case .states:
                key.states = [s.kind, s.instance?.status ?? "-", eni?.type.rawValue ?? "no interface", eni?.status ?? "-",
                              eni?.instanceId == nil ? "unbound" : "bound", s.vpcId]
            case .vswitch:
                key.vswitch = eni?.vswitchId ?? s.instance?.vswitchId ?? ""
            case .publicAddress:
                var publics = eni?.publicIps ?? []
                if let instance = s.instance, eni?.type == .primary { publics += instance.publicIps + [instance.eip].compactMap { $0 } }
                key.publicAddress = [publics.isEmpty ? "private" : "public"]
                    + (eni.map { collector.dnatEntries(to: $0).map { "\($0.id) \($0.protocol) \($0.externalPort) \($0.status)" } } ?? [])
            case .address:
                guard let address, let p = predicates[family.category] else { key.identity = s.id; continue }
                key.rectangles = p.blocks.indices.filter { p.blocks[$0].contains(address) }
                key.cutIndex = CellSignatures.firstAtLeast(address + 1, in: p.cuts)
            case .snat:
                guard let address else { key.identity = s.id; continue }
                key.snat = collector.snatRectangles.indices.filter { collector.snatRectangles[$0].addresses.contains(address) }
            case .groupMembership:
                let held = groupsByAddress[s.address] ?? []
                key.memberships = (destination.interface?.securityGroupIds ?? []).map { held.contains($0) }
            case .egressRules:
                key.egress = egressRules(of: s)
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

    /// The source's groups' egress rules that may match the packet — of the protocol (or all),
    /// with neither port range (a port list always may) nor peer (an IPv4 block, prefix list or
    /// group not holding the destination's address) excluding it — in the order `secgroup.walk` visits them (priority, drop first, group order,
    /// rule order), up to the first that surely matches: the walk stops there. Then the groups'
    /// types, and whether there are none, one or several (`SourceNaming` names a lone group like
    /// a deciding rule's group).
    private mutating func egressRules(of s: Destination) -> [String] {
        let groups = s.interface?.securityGroupIds ?? []
        var walk: [(priority: Int, drop: Int, group: Int, rule: Int, id: String, sure: Bool)] = []
        var types: Set<String> = []
        for (position, g) in groups.enumerated() {
            let rules: [Candidate]
            if let known = egressByGroup[g] { rules = known } else {
                rules = egressCandidates(g)
                egressByGroup[g] = rules
            }
            walk += rules.map { ($0.priority, $0.drop ? 0 : 1, position, $0.order, g + ":" + $0.id, $0.sure) }
            types.insert(index.securityGroups[g]?.type.rawValue ?? "missing")
        }
        walk.sort { ($0.priority, $0.drop, $0.group, $0.rule) < ($1.priority, $1.drop, $1.group, $1.rule) }
        var out: [String] = []
        for rule in walk {
            out.append(rule.id)
            if rule.sure { break }
        }
        return out + types.sorted() + ["\(min(groups.count, 2)) groups"]
    }

    /// An egress rule that may match the packet; `sure` when it matches whatever else holds.
    struct Candidate {
        var id: String
        var priority: Int
        var drop: Bool
        /// Its position among the group's rules.
        var order: Int
        var sure: Bool
    }

    private func egressCandidates(_ groupId: String) -> [Candidate] {
        guard let group = index.securityGroups[groupId] else { return [] }
        var out: [Candidate] = []
        for (order, rule) in group.rules.enumerated() where rule.direction == .egress {
            let p = rule.protocol.lowercased()
            guard p == "all" || p == "any" || p == "-1" || p == `protocol` else { continue }
            let list = !(rule.portRangeListId?.isEmpty ?? true)
            if !list, port > 0, !rule.portRange.isAny, !(rule.portRange.start...rule.portRange.end).contains(port) { continue }
            // The peer holds the destination's address: a block, a prefix list's blocks, a group's
            // members (as `groupMembers` lists them); unknown for a list the inventory lacks.
            let held: Bool?
            if let cidr = rule.cidr, !cidr.isEmpty {
                held = Interval(cidr: cidr).flatMap { block in destinationAddress.map { block.contains($0) } }
            } else if let list = rule.prefixListId, !list.isEmpty {
                held = prefixLists[list].flatMap { blocks in destinationAddress.map { d in blocks.contains { $0.contains(d) } } }
            } else if let group = rule.groupId, !group.isEmpty {
                held = groupsByAddress[destination.address]?.contains(group) ?? false
            } else {
                held = nil
            }
            if held == false { continue }
            let sure = p != "any" && !list && (rule.portRange.isAny || port > 0) && held == true && (rule.sourcePortRange?.isAny ?? true)
            out.append(Candidate(id: rule.id, priority: rule.priority, drop: rule.policy == .drop, order: order, sure: sure))
        }
        return out
    }
}
