import NetDiagEngine
import NetDiagModel

/// Findings shared between destinations that the rules of a family cannot tell apart, for
/// sources outside the region:
/// - `network-acl`, by the destinations of one vSwitch: towards an instance or ENI those rules
///   read of the destination only its vSwitch and the vSwitch's ACL (nacl.lua: ingress entries
///   match the source, egress entries the reply's far end, which is the source again);
/// - `security-group`, by the destinations with the same groups in the same order:
///   `security-group.ingress` reads of the destination its groups and its ENI's id, which it
///   names (an internet source is a member of no group; `.egress` reads only the source).
/// So one class of packets gets the same findings at each of them, up to the destination's own
/// names: findings are kept with its id, ENI and instance replaced by placeholders
/// (`ObjectNaming`) and given to another destination with its own names put back. The large
/// region's 23,500 destinations on 256 vSwitches need a fraction of the ACL evaluations.
/// Sharing is refused when it could be wrong:
/// - a source of the region (its own ACL and groups and the destination's address then count),
///   or a destination a DNAT entry forwards to (the entries name its address and change its ports);
/// - predicates that are not the same entries in the same order (the signatures' keys would
///   then mean different classes): they are compared, not hashed;
/// - findings that name the destination's private or public addresses anywhere in their
///   evidence, or report a broken rule: those are kept for the destination that gave them.
final class SharedFindings {
    static let categories: Set = ["network-acl", "security-group"]

    private struct Store {
        let predicates: PacketPredicates
        var results: [[UInt64]: [Finding]] = [:]
    }

    private var stores: [String: Store] = [:]
    /// How many evaluations a shared finding saved.
    private(set) var reused = 0

    /// The key under which `d`'s findings of `category` are shared, nil when they are not.
    func key(_ category: String, _ proto: String, _ d: Destination, _ ports: Interval, _ scope: SourceScope,
             collector: PredicateCollector) -> String? {
        guard Self.categories.contains(category), scope.sourceObject == nil, let eni = d.interface,
              collector.dnatEntries(to: eni).isEmpty else { return nil }
        let read = category == "security-group"
            ? eni.securityGroupIds
            : [eni.vswitchId, collector.index.networkAcl(forVSwitch: eni.vswitchId)?.id ?? "-"]
        return ([category, proto, "\(ports)", scope.name, d.kind, eni.vpcId] + read).joined(separator: "|")
    }

    /// The findings another destination got for the class `signature`, when its predicates were
    /// these, with `d`'s names.
    func findings(_ key: String, _ predicates: PacketPredicates, _ signature: [UInt64], for d: Destination) -> [Finding]? {
        guard let store = stores[key], store.predicates == predicates, let found = store.results[signature] else { return nil }
        reused += 1
        return ObjectNaming(destination: d).concrete(found)
    }

    /// Keeps the findings of `d` at `signature` for the other destinations of the key.
    func keep(_ findings: [Finding], _ key: String, _ predicates: PacketPredicates, _ signature: [UInt64], of d: Destination) {
        guard !findings.contains(where: { $0.status == .error }) else { return }
        let findings = ObjectNaming(destination: d).abstract(findings)
        guard !Self.names(findings, d) else { return }
        if let store = stores[key] {
            guard store.predicates == predicates else { return }
        } else {
            stores[key] = Store(predicates: predicates)
        }
        stores[key]!.results[signature] = findings
    }

    /// Whether any finding's evidence names the destination (after `ObjectNaming`, by an address).
    static func names(_ findings: [Finding], _ d: Destination) -> Bool {
        var own: Set<String> = [d.id, d.address]
        if let instance = d.instanceId { own.insert(instance) }
        if let eni = d.interface {
            own.insert(eni.id)
            own.formUnion(eni.privateIps)
        }
        own.formUnion(d.publicAddresses)
        func mentions(_ v: DataValue) -> Bool {
            switch v {
            case .string(let s): own.contains(s)
            case .array(let items): items.contains(where: mentions)
            case .object(let fields): fields.values.contains(where: mentions)
            default: false
            }
        }
        return findings.contains { $0.evidence.values.contains(where: mentions) }
    }
}
