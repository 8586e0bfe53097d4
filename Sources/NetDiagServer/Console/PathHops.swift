import NetDiagEngine

/// The hops of the console's path diagram, in path order, each with the items that examine it
/// and one status summing them up. Which rule belongs to which hop is decided here only.
public struct PathHop: Encodable, Sendable, Hashable {
    public var id: String
    public var label: String
    /// `fail` (a critical failure: the path breaks here), `error`, `warn`, `skip`, `pass`, or
    /// `none` when no item examined the hop on this path.
    public var status: String
    /// The same, of the items on the forward path only (every rule but the `return` side).
    public var forwardStatus: String
    /// The same, of the items that check the replies' way back (`return` side rules).
    public var returnStatus: String
    /// Indices into the report's `items`.
    public var items: [Int]
}

public enum PathHops {
    /// The hops every diagram draws, in order.
    public static let layout: [(id: String, label: String)] = [
        ("source", "Source"), ("source-security-group", "Security groups (out)"),
        ("source-acl", "Network ACL (out)"), ("route", "Route"), ("gateway", "Gateway"),
        ("destination-acl", "Network ACL (in)"), ("destination-security-group", "Security groups (in)"),
        ("destination", "Destination"), ("guest-firewall", "Guest firewall"), ("listener", "Listener"),
    ]

    /// The hop an item belongs to: by rule id, else by category and side (rules added later
    /// land on their side's hop). Guest checks of either end (load, NIC, prerequisites) go to
    /// the end whose instance their evidence names.
    public static func hop(for item: DiagnosisReport.Item, path: DiagnosisReport.PathInfo) -> String {
        switch item.rule {
        case "security-group.egress": return "source-security-group"
        case "security-group.ingress": return "destination-security-group"
        case "network-acl.egress", "network-acl.return-ingress": return "source-acl"
        case "network-acl.ingress", "network-acl.return-egress": return "destination-acl"
        case "guest-os.firewall-inbound", "guest-os.firewall-return": return "guest-firewall"
        case "guest-os.port-listening": return "listener"
        default: break
        }
        switch item.category {
        case "route": return "route"
        case "public-access": return "gateway"
        case "guest-os" where item.side == "network":
            return item.evidence["instance"] == .string(path.source) ? "source" : "destination"
        case "object" where item.side == "network": return "source"
        default: break
        }
        switch item.side {
        case "source": return "source"
        case "destination": return "destination"
        default: return "route"
        }
    }

    public static func hops(for report: DiagnosisReport) -> [PathHop] {
        var members: [String: [Int]] = [:]
        for (n, item) in report.items.enumerated() { members[hop(for: item, path: report.path), default: []].append(n) }
        return layout.map { entry in
            let items = (members[entry.id] ?? []).map { report.items[$0] }
            return PathHop(id: entry.id, label: entry.label, status: status(of: items),
                           forwardStatus: status(of: items.filter { $0.side != "return" }),
                           returnStatus: status(of: items.filter { $0.side == "return" }), items: members[entry.id] ?? [])
        }
    }

    /// The worst of the items: a critical failure blocks; a non-critical one is a warning.
    static func status(of items: [DiagnosisReport.Item]) -> String {
        if items.isEmpty { return "none" }
        let ranked = items.map { item -> (Int, String) in
            switch item.status {
            case "fail" where item.severity == "critical": return (5, "fail")
            case "error": return (4, "error")
            case "fail", "warn": return (3, "warn")
            case "skip": return (2, "skip")
            default: return (1, "pass")
            }
        }
        return ranked.max { $0.0 < $1.0 }!.1
    }
}
