import NetDiagModel

/// What differs, between two inventories, in the configuration the rules read about one
/// destination: its instance and ENI records, its groups (and the prefix lists they name), its
/// vSwitch's ACL and route table, the DNAT entries to it, its guest state. Each difference is one
/// line naming the resource and the entry.
struct ConfigDiff {
    let old: InventoryIndex
    let new: InventoryIndex
    private let oldLists: [String: PrefixList]
    private let newLists: [String: PrefixList]

    init(old: InventoryIndex, new: InventoryIndex) {
        self.old = old; self.new = new
        oldLists = Dictionary(old.inventory.prefixLists.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        newLists = Dictionary(new.inventory.prefixLists.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The differences for the destination `id` (an instance or ENI id).
    func causes(of id: String) -> [String] {
        let a = Self.destination(id, old), b = Self.destination(id, new)
        var out: [String] = []
        if a == nil || b == nil { return [a == nil ? "\(id) added" : "\(id) removed"] }
        let (x, y) = (a!, b!)
        if let i = x.instance, let j = y.instance {
            if i.status != j.status { out.append("\(i.id): status \(i.status) → \(j.status)") }
            if i.eip != j.eip { out.append("\(i.id): EIP \(i.eip ?? "none") → \(j.eip ?? "none")") }
            if i.publicIps != j.publicIps { out.append("\(i.id): public IPs \(i.publicIps) → \(j.publicIps)") }
            if old.guests[i.id] != new.guests[j.id] { out.append("\(i.id): guest state changed") }
        }
        if let e = x.interface, let f = y.interface {
            if e.status != f.status { out.append("\(e.id): status \(e.status) → \(f.status)") }
            if e.securityGroupIds != f.securityGroupIds { out.append("\(e.id): security groups \(e.securityGroupIds) → \(f.securityGroupIds)") }
            if e.vswitchId != f.vswitchId { out.append("\(e.id): vSwitch \(e.vswitchId) → \(f.vswitchId)") }
            if e.publicIps != f.publicIps { out.append("\(e.id): public IPs \(e.publicIps) → \(f.publicIps)") }
            for g in Array(Set(e.securityGroupIds + f.securityGroupIds)).sorted() {
                out += groupChanges(old.securityGroups[g], new.securityGroups[g], id: g)
            }
            let aclA = old.networkAcl(forVSwitch: e.vswitchId), aclB = new.networkAcl(forVSwitch: f.vswitchId)
            if aclA?.id != aclB?.id { out.append("\(f.vswitchId): network ACL \(aclA?.id ?? "none") → \(aclB?.id ?? "none")") }
            else if let p = aclA, let q = aclB { out += entryChanges(p.ingress, q.ingress, owner: "\(p.id) ingress") + entryChanges(p.egress, q.egress, owner: "\(p.id) egress") }
            let rtA = old.effectiveRouteTable(forVSwitch: e.vswitchId), rtB = new.effectiveRouteTable(forVSwitch: f.vswitchId)
            if rtA?.id != rtB?.id { out.append("\(f.vswitchId): route table \(rtA?.id ?? "none") → \(rtB?.id ?? "none")") }
            else if let p = rtA, let q = rtB { out += entryChanges(p.entries, q.entries, owner: p.id) }
            let dnatA = Self.dnat(to: e, in: old), dnatB = Self.dnat(to: f, in: new)
            out += entryChanges(dnatA, dnatB, owner: "DNAT to \(f.primaryIp)")
        }
        return out
    }

    private func groupChanges(_ a: SecurityGroup?, _ b: SecurityGroup?, id: String) -> [String] {
        guard let a, let b else { return a == nil ? ["\(id) added"] : ["\(id) removed"] }
        var out: [String] = []
        if a.type != b.type { out.append("\(id): type \(a.type.rawValue) → \(b.type.rawValue)") }
        if a.innerAccessPolicy != b.innerAccessPolicy { out.append("\(id): InnerAccessPolicy \(a.innerAccessPolicy.rawValue) → \(b.innerAccessPolicy.rawValue)") }
        if a.rulesMissing != b.rulesMissing {
            out.append("\(id): rules \(a.rulesMissing.map { "unknown (\($0))" } ?? "known") → \(b.rulesMissing.map { "unknown (\($0))" } ?? "known")")
        }
        out += entryChanges(a.rules, b.rules, owner: id, ordered: false)
        for list in Set((a.rules + b.rules).compactMap(\.prefixListId)).sorted() where oldLists[list] != newLists[list] {
            out.append("\(list) (used by \(id)): blocks changed")
        }
        return out
    }

    /// Entries added, removed or changed (by id), and, where order decides, a new order.
    private func entryChanges<T: Identified>(_ a: [T], _ b: [T], owner: String, ordered: Bool = true) -> [String] {
        let before = Dictionary(a.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        let after = Dictionary(b.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        var out: [String] = []
        for e in b where before[e.id] == nil { out.append("\(owner): \(e.id) added") }
        for e in a where after[e.id] == nil { out.append("\(owner): \(e.id) removed") }
        for e in b { if let x = before[e.id], x != e { out.append("\(owner): \(e.id) modified") } }
        let common = Set(before.keys).intersection(after.keys)
        if ordered, a.map(\.id).filter(common.contains) != b.map(\.id).filter(common.contains) { out.append("\(owner): entries reordered") }
        return out
    }

    static func destination(_ id: String, _ index: InventoryIndex) -> Destination? {
        if let i = index.instances[id] { return Destination(id: id, kind: "instance", interface: index.interfacesByInstance[id]?.first, instance: i) }
        if let e = index.networkInterfaces[id] { return Destination(id: id, kind: "eni", interface: e, instance: e.instanceId.flatMap { index.instances[$0] }) }
        return nil
    }

    static func dnat(to eni: NetworkInterface, in index: InventoryIndex) -> [DnatEntry] {
        index.inventory.natGateways.flatMap(\.dnatEntries).filter { eni.privateIps.contains($0.internalIp) }
    }
}

/// Configuration entries compared by id.
protocol Identified: Equatable { var id: String { get } }
extension SecurityGroupRule: Identified {}
extension AclEntry: Identified {}
extension RouteEntry: Identified {}
extension DnatEntry: Identified {}
