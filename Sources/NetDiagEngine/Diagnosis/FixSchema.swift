import Foundation
import NetDiagModel

/// The edit vocabulary a finding's `fix` shares with `what-if` change files (docs/analysis.md):
/// which ops exist, the fields each takes, and the checks that need no inventory. The host checks
/// a rule's fix with it, so a malformed fix is reported where the rule returned it, and the change
/// file reader checks each edit with it, so both refuse the same things with the same words.
public enum FixSchema {
    /// What a field's value must be.
    public enum Kind: Sendable {
        case string, mapping, integer
        /// A security group rule in the inventory's YAML form.
        case groupRule
        /// A network ACL entry in the inventory's YAML form.
        case aclEntry
        /// A route entry in the inventory's YAML form.
        case route
        /// `ingress` or `egress`.
        case direction
        /// The fields to change of a modify op.
        case settable(Set<String>)
    }

    public static let ruleFields: Set = ["direction", "policy", "priority", "protocol", "portRange", "sourcePortRange", "cidr",
                                         "ipv6Cidr", "prefixListId", "groupId", "description"]
    public static let peerFields = ["cidr", "ipv6Cidr", "prefixListId", "groupId"]
    public static let aclFields: Set = ["name", "policy", "protocol", "portRange", "cidr", "entryType"]
    public static let routeFields: Set = ["destination", "type", "status", "nextHops"]
    public static let protocols: Set = ["tcp", "udp", "icmp", "icmpv6", "gre", "all"]
    /// The guest firewalls an edit can change, as the inventory holds them.
    public static let firewalls: Set = ["iptables", "ip6tables", "nftables", "windows"]

    /// Each op with its required and optional fields.
    public static let ops: [String: (required: [String: Kind], optional: [String: Kind])] = [
        "add-security-group-rule": (["group": .string, "rule": .groupRule], [:]),
        "remove-security-group-rule": (["group": .string, "rule": .string], [:]),
        "modify-security-group-rule": (["group": .string, "rule": .string, "set": .settable(ruleFields)], [:]),
        "add-acl-entry": (["acl": .string, "direction": .direction, "entry": .aclEntry], ["position": .integer]),
        "remove-acl-entry": (["acl": .string, "direction": .direction, "entry": .string], [:]),
        "modify-acl-entry": (["acl": .string, "direction": .direction, "entry": .string, "set": .settable(aclFields)], [:]),
        "add-route": (["table": .string, "entry": .route], [:]),
        "remove-route": (["table": .string, "entry": .string], [:]),
        "modify-route": (["table": .string, "entry": .string, "set": .settable(routeFields)], [:]),
        "bind-eip": (["ip": .string, "to": .string], [:]),
        "unbind-eip": (["ip": .string], [:]),
        "add-guest-firewall-line": (["instance": .string, "firewall": .string, "line": .string],
                                    ["position": .integer, "table": .string]),
        "remove-guest-firewall-line": (["instance": .string, "firewall": .string, "line": .string], ["table": .string]),
    ]

    /// The ops as one sentence, for errors.
    public static var opList: String { ops.keys.sorted().joined(separator: ", ") }

    /// What is wrong with one edit (a `DataValue` object in change-file form), or nil when it is
    /// well formed. Whether the group, ACL, instance … exists is checked when it is applied.
    public static func problem(_ edit: DataValue) -> String? {
        guard case .object(let fields) = edit else { return "an edit must be a table with an op, got \(edit)" }
        guard let op = fields["op"]?.stringValue else { return "field 'op' is missing" }
        guard let shape = ops[op] else { return "unknown op '\(op)'; expected one of \(opList)" }
        let known = Set(shape.required.keys).union(shape.optional.keys).union(["op"])
        if let extra = fields.keys.sorted().first(where: { !known.contains($0) }) {
            return "\(op): unknown field '\(extra)'; expected \(known.subtracting(["op"]).sorted().joined(separator: ", "))"
        }
        for (name, kind) in shape.required.sorted(by: { $0.key < $1.key }) {
            guard let value = fields[name], value != .null else { return "\(op): field '\(name)' is missing" }
            if let p = problem(value, kind, field: name) { return "\(op): \(p)" }
        }
        for (name, kind) in shape.optional.sorted(by: { $0.key < $1.key }) {
            guard let value = fields[name], value != .null else { continue }
            if let p = problem(value, kind, field: name) { return "\(op): \(p)" }
        }
        if op.hasSuffix("guest-firewall-line"), let fw = fields["firewall"]?.stringValue, !firewalls.contains(fw) {
            return "\(op): field 'firewall' must be one of \(firewalls.sorted().joined(separator: ", ")), got \(fw)"
        }
        return nil
    }

    private static func problem(_ value: DataValue, _ kind: Kind, field: String) -> String? {
        switch kind {
        case .string:
            guard let s = value.stringValue, !s.isEmpty else { return "field '\(field)' must be a non-empty string" }
        case .integer:
            guard value.intValue != nil else { return "field '\(field)' must be a whole number, got \(value)" }
        case .mapping:
            guard case .object = value else { return "field '\(field)' must be a mapping" }
        case .direction:
            guard let d = value.stringValue, SecurityGroupRule.Direction(rawValue: d) != nil else {
                return "field 'direction' must be ingress or egress, got \(value)"
            }
        case .groupRule:
            do { return ruleProblem(try decode(SecurityGroupRule.self, value, field: field)) } catch { return error.message }
        case .aclEntry:
            do { _ = try decode(AclEntry.self, value, field: field) } catch { return error.message }
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
        guard (1...100).contains(r.priority) else { return "priority must be 1–100, got \(r.priority)" }
        guard protocols.contains(r.protocol) else {
            return "protocol must be one of tcp, udp, icmp, icmpv6, gre, all, got \(r.protocol)"
        }
        guard [r.cidr, r.ipv6Cidr, r.prefixListId, r.groupId].compactMap({ $0 }).filter({ !$0.isEmpty }).count == 1 else {
            return "a rule needs exactly one of cidr, ipv6Cidr, prefixListId, groupId"
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
