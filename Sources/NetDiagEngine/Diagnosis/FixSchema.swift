import Foundation
import NetDiagModel

/// The edit vocabulary a finding's `fix` shares with `what-if` change files (docs/analysis.md):
/// which ops exist, the fields each takes, and the checks that need no inventory. The host checks
/// a rule's fix with it, so a malformed fix is reported where the rule returned it, and the change
/// file reader checks each edit with it, so both refuse the same things with the same words.
public enum FixSchema {
    /// What a field's value must be.
    enum Kind: Sendable {
        case string, integer
        /// A security group rule in the inventory's YAML form.
        case groupRule
        /// A network ACL entry in the inventory's YAML form.
        case aclEntry
        /// A route entry in the inventory's YAML form.
        case route
        /// `ingress` or `egress`.
        case direction
        /// One of `firewalls`.
        case firewall
        /// The fields to change of a modify op.
        case settable(Set<String>)
    }

    /// The fields `modify-security-group-rule` may set.
    public static let ruleFields: Set = ["direction", "policy", "priority", "protocol", "portRange", "sourcePortRange", "cidr",
                                         "ipv6Cidr", "prefixListId", "groupId", "description"]
    /// A rule's peer fields, of which exactly one is set.
    public static let peerFields = ["cidr", "ipv6Cidr", "prefixListId", "groupId"]
    /// The fields `modify-acl-entry` may set.
    public static let aclFields: Set = ["name", "policy", "protocol", "portRange", "cidr", "entryType"]
    /// The fields `modify-route` may set.
    public static let routeFields: Set = ["destination", "type", "status", "nextHops"]
    /// The protocols a security group rule may name.
    public static let protocols: Set = ["tcp", "udp", "icmp", "icmpv6", "gre", "all"]
    /// The guest firewalls an edit can change, as the inventory holds them.
    public static let firewalls: Set = ["iptables", "ip6tables", "nftables", "windows"]

    /// An op's fields, in the order they are checked, and every name it takes.
    struct Shape: Sendable {
        var fields: [(name: String, kind: Kind, required: Bool)]
        var known: Set<String>

        init(_ required: KeyValuePairs<String, Kind>, optional: KeyValuePairs<String, Kind> = [:]) {
            fields = required.map { ($0.key, $0.value, true) } + optional.map { ($0.key, $0.value, false) }
            known = Set(fields.map(\.name) + ["op"])
        }
    }

    /// Each op with its required and optional fields.
    static let ops: [String: Shape] = [
        "add-security-group-rule": Shape(["group": .string, "rule": .groupRule]),
        "remove-security-group-rule": Shape(["group": .string, "rule": .string]),
        "modify-security-group-rule": Shape(["group": .string, "rule": .string, "set": .settable(ruleFields)]),
        "add-acl-entry": Shape(["acl": .string, "direction": .direction, "entry": .aclEntry], optional: ["position": .integer]),
        "remove-acl-entry": Shape(["acl": .string, "direction": .direction, "entry": .string]),
        "modify-acl-entry": Shape(["acl": .string, "direction": .direction, "entry": .string, "set": .settable(aclFields)]),
        "add-route": Shape(["table": .string, "entry": .route]),
        "remove-route": Shape(["table": .string, "entry": .string]),
        "modify-route": Shape(["table": .string, "entry": .string, "set": .settable(routeFields)]),
        "bind-eip": Shape(["ip": .string, "to": .string]),
        "unbind-eip": Shape(["ip": .string]),
        "add-guest-firewall-line": Shape(["instance": .string, "firewall": .firewall, "line": .string],
                                         optional: ["position": .integer, "table": .string]),
        "remove-guest-firewall-line": Shape(["instance": .string, "firewall": .firewall, "line": .string],
                                            optional: ["table": .string]),
    ]

    /// The ops as one sentence, for errors.
    public static var opList: String { ops.keys.sorted().joined(separator: ", ") }

    /// What is wrong with one edit (a `DataValue` object in change-file form), or nil when it is
    /// well formed. Whether the group, ACL, instance … exists is checked when it is applied.
    public static func problem(_ edit: DataValue) -> String? {
        guard case .object(let fields) = edit else { return "an edit must be a table with an op, got \(edit)" }
        guard let op = fields["op"]?.stringValue else { return "field 'op' is missing" }
        guard let shape = ops[op] else { return "unknown op '\(op)'; expected one of \(opList)" }
        if fields.keys.contains(where: { !shape.known.contains($0) }) {
            let extra = fields.keys.sorted().first { !shape.known.contains($0) }!
            return "\(op): unknown field '\(extra)'; expected \(shape.known.subtracting(["op"]).sorted().joined(separator: ", "))"
        }
        for f in shape.fields {
            guard let value = fields[f.name], value != .null else {
                if f.required { return "\(op): field '\(f.name)' is missing" }
                continue
            }
            if let p = problem(value, f.kind, field: f.name) { return "\(op): \(p)" }
        }
        return nil
    }

    private static func problem(_ value: DataValue, _ kind: Kind, field: String) -> String? {
        switch kind {
        case .string:
            guard let s = value.stringValue, !s.isEmpty else { return "field '\(field)' must be a non-empty string" }
        case .integer:
            guard value.intValue != nil else { return "field '\(field)' must be a whole number, got \(value)" }
        case .direction:
            guard let d = value.stringValue, SecurityGroupRule.Direction(rawValue: d) != nil else {
                return "field 'direction' must be ingress or egress, got \(value)"
            }
        case .firewall:
            guard let f = value.stringValue, firewalls.contains(f) else {
                return "field 'firewall' must be one of \(firewalls.sorted().joined(separator: ", ")), got \(value)"
            }
        // Rules and entries are checked field by field, not decoded: every blocked packet of an
        // exposure scan carries such a fix, and a JSON round trip per finding would show in its time.
        case .groupRule:
            if let p = fieldProblem(value, field: field, required: groupRuleRequired, optional: groupRuleOptional) { return p }
            let peers = peerFields.filter { !(value[$0]?.stringValue ?? "").isEmpty }.count
            return ruleProblem(priority: value["priority"]!.intValue!, protocol: value["protocol"]!.stringValue!, peers: peers)
        case .aclEntry:
            return fieldProblem(value, field: field, required: aclEntryRequired, optional: aclEntryOptional)
        case .route:
            do { _ = try decode(RouteEntry.self, value, field: field) } catch { return error.message }
        case .settable(let allowed):
            guard case .object(let set) = value else { return "field '\(field)' must be a mapping" }
            if let bad = set.keys.sorted().first(where: { !allowed.contains($0) }) {
                return "field '\(field).\(bad)' cannot be set; settable: \(allowed.sorted().joined(separator: ", "))"
            }
        }
        return nil
    }

    /// What the cloud would refuse in a security group rule: a priority outside 1–100, an
    /// unknown protocol, not exactly one peer.
    public static func ruleProblem(_ r: SecurityGroupRule) -> String? {
        ruleProblem(priority: r.priority, protocol: r.protocol,
                    peers: [r.cidr, r.ipv6Cidr, r.prefixListId, r.groupId].compactMap({ $0 }).filter({ !$0.isEmpty }).count)
    }

    private static func ruleProblem(priority: Int, protocol proto: String, peers: Int) -> String? {
        guard (1...100).contains(priority) else { return "priority must be 1–100, got \(priority)" }
        guard protocols.contains(proto) else { return "protocol must be one of tcp, udp, icmp, icmpv6, gre, all, got \(proto)" }
        guard peers == 1 else { return "a rule needs exactly one of cidr, ipv6Cidr, prefixListId, groupId" }
        return nil
    }

    /// A field of a rule or entry as the model's decoder reads it.
    private enum FieldKind { case string, integer, portRange, oneOf(Set<String>) }

    private static let groupRuleRequired: KeyValuePairs<String, FieldKind> = [
        "id": .string, "direction": .oneOf(["ingress", "egress"]), "policy": .oneOf(["accept", "drop"]),
        "priority": .integer, "protocol": .string, "portRange": .portRange,
    ]
    private static let groupRuleOptional: KeyValuePairs<String, FieldKind> = [
        "sourcePortRange": .portRange, "cidr": .string, "ipv6Cidr": .string, "prefixListId": .string,
        "groupId": .string, "portRangeListId": .string, "description": .string,
    ]
    private static let aclEntryRequired: KeyValuePairs<String, FieldKind> = [
        "id": .string, "policy": .oneOf(["accept", "drop"]), "protocol": .string, "portRange": .portRange, "cidr": .string,
    ]
    private static let aclEntryOptional: KeyValuePairs<String, FieldKind> = ["name": .string, "entryType": .string]

    /// What the model's decoder would refuse in `value`, worded as `decode` words it.
    private static func fieldProblem(_ value: DataValue, field: String, required: KeyValuePairs<String, FieldKind>,
                                     optional: KeyValuePairs<String, FieldKind>) -> String? {
        guard case .object(let o) = value else { return "field '\(field)' must be a mapping" }
        for (name, kind) in required {
            guard let v = o[name], v != .null else { return "\(field): field '\(name)' is missing" }
            if let p = fieldProblem(v, kind, name: name, in: field) { return p }
        }
        for (name, kind) in optional {
            guard let v = o[name], v != .null else { continue }
            if let p = fieldProblem(v, kind, name: name, in: field) { return p }
        }
        return nil
    }

    private static func fieldProblem(_ v: DataValue, _ kind: FieldKind, name: String, in field: String) -> String? {
        switch kind {
        case .integer:
            if v.intValue == nil { return "\(field): field '\(name)' has the wrong type (expected a whole number, got \(v))" }
        case .string:
            if v.stringValue == nil { return "\(field): field '\(name)' has the wrong type (expected a string, got \(v))" }
        case .portRange:
            guard let text = v.stringValue else { return "\(field): field '\(name)' has the wrong type (expected a string like 22/22, got \(v))" }
            if PortRange(text) == nil {
                return "\(field): field '\(name)': expected a port range like 22/22, 1/65535 or -1/-1, got \"\(text)\""
            }
        case .oneOf(let allowed):
            guard let text = v.stringValue, allowed.contains(text) else {
                return "\(field): field '\(name)': expected one of \(allowed.sorted().joined(separator: ", ")), got \(v)"
            }
        }
        return nil
    }

    /// A problem found decoding a model value; `message` names the field.
    public struct Problem: Error, Sendable { public var message: String }

    /// A model value from a JSON-like value, through its Decodable conformance (the inventory's
    /// YAML format). Errors name `field` and the failing key inside it.
    public static func decode<T: Decodable>(_ type: T.Type, _ value: DataValue, field: String) throws(Problem) -> T {
        let data: Data
        do { data = try JSONEncoder().encode(value) } catch { throw Problem(message: "\(field): \(error)") }
        return try decode(type, json: data, field: field)
    }

    /// As `decode(_:_:field:)`, from JSON bytes.
    public static func decode<T: Decodable>(_ type: T.Type, json data: Data, field: String) throws(Problem) -> T {
        func path(_ c: [CodingKey]) -> String { c.map(\.stringValue).joined(separator: ".") }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.dataCorrupted(c) {
            throw Problem(message: "\(field): field '\(path(c.codingPath))': \(c.debugDescription)")
        } catch let DecodingError.keyNotFound(key, c) {
            throw Problem(message: "\(field): field '\(path(c.codingPath + [key]))' is missing")
        } catch let DecodingError.typeMismatch(_, c) {
            throw Problem(message: "\(field): field '\(path(c.codingPath))' has the wrong type (\(c.debugDescription))")
        } catch let DecodingError.valueNotFound(_, c) {
            throw Problem(message: "\(field): field '\(path(c.codingPath))' is missing")
        } catch {
            throw Problem(message: "\(field): \(error)")
        }
    }
}
