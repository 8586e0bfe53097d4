import NetDiagGuestOS
import NetDiagModel

/// A guest firewall edit applied to the instance's guest state as the inventory holds it: the
/// captured ruleset, re-read through the guest parsers (`FirewallLineEditor`), so the rules see
/// what they would see had the capture held the edited line.
enum GuestFirewallEdit {
    static func apply(_ change: Change, to inv: inout Inventory, _ at: String) throws(AnalysisError) {
        let instance: String, firewall: String, line: String, table: String?, position: Int?, adding: Bool
        switch change {
        case .addGuestFirewallLine(let i, let f, let l, let t, let p): (instance, firewall, line, table, position, adding) = (i, f, l, t, p, true)
        case .removeGuestFirewallLine(let i, let f, let l, let t): (instance, firewall, line, table, position, adding) = (i, f, l, t, nil, false)
        default: return
        }
        guard inv.instances.contains(where: { $0.id == instance }) else {
            throw .badInput("\(at): no instance '\(instance)' in the inventory")
        }
        guard let g = inv.guests.firstIndex(where: { $0.instanceId == instance }) else {
            throw .badInput("\(at): \(instance) has no guest state in the inventory (os/\(instance)/), so it has no captured firewall to edit")
        }
        if table != nil, !firewall.hasSuffix("iptables") {
            throw .badInput("\(at): field 'table' applies to iptables and ip6tables only (an nft rule names its table)")
        }
        var guest = inv.guests[g]
        let (source, captured): (String, Bool) = switch firewall {
        case "iptables": ("iptables", guest.iptables != nil)
        case "ip6tables": ("ip6tables", guest.ip6tables != nil)
        case "nftables": ("nft", guest.nftables != nil)
        default: ("netsh", guest.windowsFirewall != nil)
        }
        guard captured else {
            throw .badInput("\(at): \(instance)'s guest state holds no \(firewall) ruleset (\(source): \(guest.collected[source] ?? "not collected"))")
        }
        do throws(GuestParseError) {
            switch firewall {
            case "iptables", "ip6tables":
                var rules = (firewall == "iptables" ? guest.iptables : guest.ip6tables)!
                if adding {
                    try FirewallLineEditor.addIptables(line, table: table ?? "filter", position: position, to: &rules)
                } else {
                    try FirewallLineEditor.removeIptables(line, table: table ?? "filter", from: &rules)
                }
                if firewall == "iptables" { guest.iptables = rules } else { guest.ip6tables = rules }
            case "nftables":
                var rules = guest.nftables!
                if adding { try FirewallLineEditor.addNft(line, position: position, to: &rules) } else { try FirewallLineEditor.removeNft(line, from: &rules) }
                guest.nftables = rules
            default:
                var rules = guest.windowsFirewall!
                if position != nil { throw GuestParseError(line: 0, "Windows Firewall rules have no order (a block rule wins), so position does not apply") }
                if adding { try FirewallLineEditor.addWindows(line, to: &rules) } else { try FirewallLineEditor.removeWindows(line, from: &rules) }
                guest.windowsFirewall = rules
            }
        } catch {
            throw .badInput("\(at): \(adding ? "the line cannot be added" : "the line cannot be removed"): \(error.message)")
        }
        inv.guests[g] = guest
    }
}
