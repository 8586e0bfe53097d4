import NetDiagModel

/// Applies edits to a copy of the inventory; an edit naming something that is not there fails
/// with the edit's number and the missing id, and nothing is applied.
public enum ChangeApplier {
    /// Applies the edits in order; `first` is the number the first edit has in its file.
    public static func apply(_ changes: [Change], to original: Inventory, first: Int = 1) throws(AnalysisError) -> Inventory {
        var inv = original
        for (k, change) in changes.enumerated() {
            let n = k + first - 1
            let at = "change \(n + 1) (\(change.description))"
            switch change {
            case .addGroupRule(let g, let rule):
                let k = try group(g, in: inv, at)
                guard !inv.securityGroups[k].rules.contains(where: { $0.id == rule.id }) else {
                    throw .badInput("\(at): \(g) already has a rule \(rule.id)")
                }
                inv.securityGroups[k].rules.append(rule)
            case .removeGroupRule(let g, let id):
                let k = try group(g, in: inv, at)
                let r = try position(of: id, in: inv.securityGroups[k].rules.map(\.id), what: "rule", owner: g, at)
                inv.securityGroups[k].rules.remove(at: r)
            case .replaceGroupRule(let g, let rule):
                let k = try group(g, in: inv, at)
                let r = try position(of: rule.id, in: inv.securityGroups[k].rules.map(\.id), what: "rule", owner: g, at)
                inv.securityGroups[k].rules[r] = rule
            case .addAclEntry(let a, let direction, let place, let entry):
                let k = try acl(a, in: inv, at)
                var entries = direction == .ingress ? inv.networkAcls[k].ingress : inv.networkAcls[k].egress
                guard !entries.contains(where: { $0.id == entry.id }) else { throw .badInput("\(at): \(a) already has an entry \(entry.id)") }
                let p = place ?? entries.count + 1
                guard (1...entries.count + 1).contains(p) else {
                    throw .badInput("\(at): position \(p) is outside 1–\(entries.count + 1) (\(a) has \(entries.count) \(direction.rawValue) entries)")
                }
                entries.insert(entry, at: p - 1)
                if direction == .ingress { inv.networkAcls[k].ingress = entries } else { inv.networkAcls[k].egress = entries }
            case .removeAclEntry(let a, let direction, let id):
                let k = try acl(a, in: inv, at)
                let ids = (direction == .ingress ? inv.networkAcls[k].ingress : inv.networkAcls[k].egress).map(\.id)
                let e = try position(of: id, in: ids, what: "\(direction.rawValue) entry", owner: a, at)
                if direction == .ingress { inv.networkAcls[k].ingress.remove(at: e) } else { inv.networkAcls[k].egress.remove(at: e) }
            case .replaceAclEntry(let a, let direction, let entry):
                let k = try acl(a, in: inv, at)
                let ids = (direction == .ingress ? inv.networkAcls[k].ingress : inv.networkAcls[k].egress).map(\.id)
                let e = try position(of: entry.id, in: ids, what: "\(direction.rawValue) entry", owner: a, at)
                if direction == .ingress { inv.networkAcls[k].ingress[e] = entry } else { inv.networkAcls[k].egress[e] = entry }
            case .addRoute(let t, let entry):
                let k = try table(t, in: inv, at)
                guard !inv.routeTables[k].entries.contains(where: { $0.id == entry.id }) else { throw .badInput("\(at): \(t) already has a route \(entry.id)") }
                inv.routeTables[k].entries.append(entry)
            case .removeRoute(let t, let id):
                let k = try table(t, in: inv, at)
                inv.routeTables[k].entries.remove(at: try position(of: id, in: inv.routeTables[k].entries.map(\.id), what: "route", owner: t, at))
            case .replaceRoute(let t, let entry):
                let k = try table(t, in: inv, at)
                inv.routeTables[k].entries[try position(of: entry.id, in: inv.routeTables[k].entries.map(\.id), what: "route", owner: t, at)] = entry
            case .bindEip(let ip, let owner):
                try unbind(ip, in: &inv, at, required: false)
                if let k = inv.instances.firstIndex(where: { $0.id == owner }) {
                    guard inv.instances[k].eip == nil else { throw .badInput("\(at): \(owner) already has the EIP \(inv.instances[k].eip!)") }
                    inv.instances[k].eip = ip
                } else if let k = inv.networkInterfaces.firstIndex(where: { $0.id == owner }) {
                    inv.networkInterfaces[k].publicIps.append(ip)
                } else {
                    throw .badInput("\(at): no instance or ENI '\(owner)' in the inventory")
                }
                let kind = owner.hasPrefix("eni-") ? "NetworkInterface" : "EcsInstance"
                inv.eips.removeAll { $0.ip == ip }
                inv.eips.append(EipAddress(id: "eip-what-if-\(n + 1)", ip: ip, instanceId: owner, instanceType: kind, status: "InUse"))
            case .unbindEip(let ip):
                try unbind(ip, in: &inv, at, required: true)
            case .addGuestFirewallLine, .removeGuestFirewallLine:
                try GuestFirewallEdit.apply(change, to: &inv, at)
            }
        }
        return inv
    }

    private static func unbind(_ ip: String, in inv: inout Inventory, _ at: String, required: Bool) throws(AnalysisError) {
        var found = false
        for k in inv.instances.indices where inv.instances[k].eip == ip { inv.instances[k].eip = nil; found = true }
        for k in inv.networkInterfaces.indices where inv.networkInterfaces[k].publicIps.contains(ip) {
            inv.networkInterfaces[k].publicIps.removeAll { $0 == ip }
            found = true
        }
        for k in inv.eips.indices where inv.eips[k].ip == ip {
            inv.eips[k].instanceId = nil; inv.eips[k].instanceType = nil; inv.eips[k].status = "Available"
        }
        if required, !found { throw .badInput("\(at): the EIP \(ip) is bound to no instance or ENI") }
    }

    private static func group(_ id: String, in inv: Inventory, _ at: String) throws(AnalysisError) -> Int {
        guard let k = inv.securityGroups.firstIndex(where: { $0.id == id }) else { throw .badInput("\(at): no security group '\(id)' in the inventory") }
        return k
    }

    private static func acl(_ id: String, in inv: Inventory, _ at: String) throws(AnalysisError) -> Int {
        guard let k = inv.networkAcls.firstIndex(where: { $0.id == id }) else { throw .badInput("\(at): no network ACL '\(id)' in the inventory") }
        return k
    }

    private static func table(_ id: String, in inv: Inventory, _ at: String) throws(AnalysisError) -> Int {
        guard let k = inv.routeTables.firstIndex(where: { $0.id == id }) else { throw .badInput("\(at): no route table '\(id)' in the inventory") }
        return k
    }

    private static func position(of id: String, in ids: [String], what: String, owner: String, _ at: String) throws(AnalysisError) -> Int {
        guard let k = ids.firstIndex(of: id) else { throw .badInput("\(at): \(owner) has no \(what) '\(id)'") }
        return k
    }
}
