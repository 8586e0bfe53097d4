import Foundation
import NetDiagModel

/// One edit of a what-if change file, applied to the inventory in memory.
public enum Change: Sendable {
    case addGroupRule(group: String, rule: SecurityGroupRule)
    case removeGroupRule(group: String, rule: String)
    case replaceGroupRule(group: String, rule: SecurityGroupRule)
    case addAclEntry(acl: String, direction: SecurityGroupRule.Direction, position: Int?, entry: AclEntry)
    case removeAclEntry(acl: String, direction: SecurityGroupRule.Direction, entry: String)
    case replaceAclEntry(acl: String, direction: SecurityGroupRule.Direction, entry: AclEntry)
    case addRoute(table: String, entry: RouteEntry)
    case removeRoute(table: String, entry: String)
    case replaceRoute(table: String, entry: RouteEntry)
    /// Binds an address to an instance (as its EIP) or to an ENI.
    case bindEip(ip: String, to: String)
    case unbindEip(ip: String)
    /// Adds a line to an instance's captured guest firewall (`firewall`: iptables, ip6tables,
    /// nftables or windows; `table`: the iptables table, default filter; `position`: 1-based in
    /// its chain, default last).
    case addGuestFirewallLine(instance: String, firewall: String, line: String, table: String?, position: Int?)
    /// Removes a line (iptables: the rule line; nftables: `handle N` or the rule's rendering;
    /// windows: the rule name) from an instance's captured guest firewall.
    case removeGuestFirewallLine(instance: String, firewall: String, line: String, table: String?)

    /// One line naming the edit: `sg-web: add ingress accept tcp 22/22 from 0.0.0.0/0 (sgr-x)`.
    public var description: String {
        switch self {
        case .addGroupRule(let g, let r): "\(g): add rule \(r.id) (\(Self.text(r)))"
        case .removeGroupRule(let g, let r): "\(g): remove rule \(r)"
        case .replaceGroupRule(let g, let r): "\(g): modify rule \(r.id) to \(Self.text(r))"
        case .addAclEntry(let a, let d, let p, let e): "\(a): add \(d.rawValue) entry \(e.id)\(p.map { " at position \($0)" } ?? "") (\(e.policy.rawValue) \(e.protocol) \(e.portRange) \(e.cidr))"
        case .removeAclEntry(let a, let d, let e): "\(a): remove \(d.rawValue) entry \(e)"
        case .replaceAclEntry(let a, let d, let e): "\(a): modify \(d.rawValue) entry \(e.id) to \(e.policy.rawValue) \(e.protocol) \(e.portRange) \(e.cidr)"
        case .addRoute(let t, let e): "\(t): add route \(e.id) \(e.destination)"
        case .removeRoute(let t, let e): "\(t): remove route \(e)"
        case .replaceRoute(let t, let e): "\(t): modify route \(e.id) to \(e.destination)"
        case .bindEip(let ip, let to): "bind EIP \(ip) to \(to)"
        case .unbindEip(let ip): "unbind EIP \(ip)"
        case .addGuestFirewallLine(let i, let f, let l, let t, let p):
            "\(i): add \(f)\(t.map { " \($0)" } ?? "") line\(p.map { " at position \($0)" } ?? "") \(Self.oneLine(l))"
        case .removeGuestFirewallLine(let i, let f, let l, let t): "\(i): remove \(f)\(t.map { " \($0)" } ?? "") line \(Self.oneLine(l))"
        }
    }

    /// A guest line as one quoted line (a netsh block spans several).
    private static func oneLine(_ l: String) -> String {
        "'" + l.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; ") + "'"
    }

    private static func text(_ r: SecurityGroupRule) -> String {
        let peer = r.cidr ?? r.prefixListId ?? r.groupId ?? r.ipv6Cidr ?? "?"
        return "\(r.direction.rawValue) \(r.policy.rawValue) \(r.protocol) \(r.portRange) \(r.direction == .ingress ? "from" : "to") \(peer) priority \(r.priority)"
    }

    /// True when the edit changes what the rules read about `d`: its groups, its vSwitch's ACL or
    /// route table, its public addresses, or its instance's guest firewall (which filters every ENI
    /// of the instance).
    func touches(_ d: Destination, in index: InventoryIndex) -> Bool {
        switch self {
        case .addGuestFirewallLine(let i, _, _, _, _), .removeGuestFirewallLine(let i, _, _, _):
            return d.instanceId == i
        default: break
        }
        guard let eni = d.interface else { return false }
        switch self {
        case .addGroupRule(let g, _), .removeGroupRule(let g, _), .replaceGroupRule(let g, _):
            return eni.securityGroupIds.contains(g)
        case .addAclEntry(let a, _, _, _), .removeAclEntry(let a, _, _), .replaceAclEntry(let a, _, _):
            return index.networkAcl(forVSwitch: eni.vswitchId)?.id == a
        case .addRoute(let t, _), .removeRoute(let t, _), .replaceRoute(let t, _):
            return index.effectiveRouteTable(forVSwitch: eni.vswitchId)?.id == t
        case .bindEip(let ip, _), .unbindEip(let ip):
            var publics = eni.publicIps
            if let instance = d.instance, eni.type == .primary { publics += instance.publicIps + [instance.eip].compactMap { $0 } }
            return publics.contains(ip)
        case .addGuestFirewallLine, .removeGuestFirewallLine:
            return false
        }
    }
}
