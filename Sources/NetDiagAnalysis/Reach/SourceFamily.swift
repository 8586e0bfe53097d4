import NetDiagEngine

/// A part of the rules the reverse query evaluates on its own, and which features of a source
/// its rules read when a source of the region sends to one destination, protocol and port.
/// Sources equal in those features get one evaluation of the part (docs/analysis.md, "Who
/// reaches one port").
struct SourceFamily {
    /// What a family's rules may read about the source.
    enum Feature: CaseIterable {
        /// Kind, instance and ENI states, whether bound, VPC (the object rules; every rule's
        /// `applies` reads the kind).
        case states
        /// The source's vSwitch: its network ACL and route table, and whether it shares the destination's.
        case vswitch
        /// Whether it has a public address, and the DNAT entries forwarding to it.
        case publicAddress
        /// Which of the family's predicates (the destination's entries at the port, the rules'
        /// constants) hold the source's address, and between which cut points it lies.
        case address
        /// Which of the rules' own blocks (cloud.lua's private and service blocks) hold the address:
        /// the `object` family's predicates, which every family's include.
        case ruleBlocks
        /// The destination's network ACL entries the rules reach for the source's address: the
        /// first ingress entry that matches, the egress entries holding it up to one covering
        /// every port (`DestinationEntries`).
        case aclEntries
        /// The destination's route the longest-prefix match picks for the source's address.
        case route
        /// Which of the destination's groups the address is a member of (InnerAccessPolicy).
        case groupMembership
        /// The rules of the source's groups that may match the packet, in the order the groups are
        /// walked, up to the first that surely does; the groups' types and how many there are.
        case egressRules
        /// The rules of the destination's groups whose peer (block, prefix list, referenced group's
        /// members) may hold the source's address, in walk order up to the first that surely does.
        case ingressRules
        /// What sets the client's ephemeral ports: its OS type, guest system's OS and range.
        case clientPorts
        /// Its guest state: a source with one is its own class; without, its OS type.
        case guest
        /// The source itself (rules of a category the analysis does not know).
        case identity
    }

    var category: String
    var rules: Set<String>
    var reads: Set<Feature>

    /// The rules of `plan`, split where one category's rules read different features: the
    /// destination's security groups see only which of their rules hold the source's address and
    /// its memberships, its own groups only their egress rules; the destination's guest only the
    /// address; the ACL and route families the entries the rules reach, not every block holding it.
    static func families(_ plan: RulePlan, engine: RuleEngine) -> [SourceFamily] {
        let side = Dictionary(engine.rules.map { ($0.id, $0.side) }, uniquingKeysWith: { a, _ in a })
        var out: [SourceFamily] = []
        for family in plan.families {
            let toDestination = family.rules.filter { side[$0] == .destination }
            let rest = family.rules.subtracting(toDestination)
            switch family.category {
            case "security-group":
                out.append(SourceFamily(category: family.category, rules: toDestination, reads: [.states, .ingressRules, .groupMembership]))
                out.append(SourceFamily(category: family.category, rules: rest, reads: [.states, .egressRules]))
            case "guest-os":
                out.append(SourceFamily(category: family.category, rules: toDestination, reads: [.states, .address]))
                out.append(SourceFamily(category: family.category, rules: rest, reads: [.states, .address, .guest]))
            case "object":
                out.append(SourceFamily(category: family.category, rules: family.rules, reads: [.states]))
            case "public-access":
                // Its rules apply to a public-ip destination or an internet source
                // (cloud.internet_bound, cloud.from_internet): the query's destination is an
                // instance or ENI and its region sources are too, so the states alone tell them apart.
                out.append(SourceFamily(category: family.category, rules: family.rules, reads: [.states]))
            case "route":
                out.append(SourceFamily(category: family.category, rules: family.rules,
                                        reads: [.states, .vswitch, .publicAddress, .ruleBlocks, .route]))
            case "network-acl":
                out.append(SourceFamily(category: family.category, rules: family.rules,
                                        reads: [.states, .vswitch, .publicAddress, .ruleBlocks, .aclEntries, .clientPorts]))
            default:
                out.append(SourceFamily(category: family.category, rules: family.rules, reads: [.identity]))
            }
        }
        return out.filter { !$0.rules.isEmpty }
    }
}
