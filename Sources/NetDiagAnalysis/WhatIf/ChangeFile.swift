import Foundation
import NetDiagModel
import Yams

/// Reads a what-if change file: a YAML list of edits, each a mapping with an `op`
/// (docs/analysis.md lists them). New rules, entries and routes are written as in the inventory's
/// YAML format; `modify-…` takes the id and a `set` mapping of the fields to change.
public enum ChangeFile {
    static let ruleFields: Set = ["direction", "policy", "priority", "protocol", "portRange", "sourcePortRange", "cidr",
                                  "ipv6Cidr", "prefixListId", "groupId", "description"]
    static let peerFields = ["cidr", "ipv6Cidr", "prefixListId", "groupId"]
    static let aclFields: Set = ["name", "policy", "protocol", "portRange", "cidr", "entryType"]
    static let routeFields: Set = ["destination", "type", "status", "nextHops"]
    static let protocols: Set = ["tcp", "udp", "icmp", "icmpv6", "gre", "all"]

    /// Parses `text` (the contents of `file`) against `inventory`. Edits apply in order, so a
    /// `modify` starts from what the earlier edits left; each is applied as it is read, so an edit
    /// naming something missing fails here. Errors name the file, the edit's number and the field.
    public static func parse(_ text: String, file: String, inventory: Inventory) throws(AnalysisError) -> [Change] {
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch {
            throw .badInput("\(file): malformed YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        guard let list = root as? [Any], !list.isEmpty else {
            throw .badInput("\(file): expected a YAML list of edits (- op: add-security-group-rule …), got \(root == nil ? "nothing" : "something else")")
        }
        var out: [Change] = []
        var working = inventory
        for (n, item) in list.enumerated() {
            let at = "\(file): change \(n + 1)"
            guard let m = item as? [String: Any] else { throw .badInput("\(at): expected a mapping with an `op`") }
            let c = try change(m, at: at, inventory: working)
            do {
                working = try ChangeApplier.apply([c], to: working, first: n + 1)
            } catch {
                throw .badInput("\(file): \(error.description)")
            }
            out.append(c)
        }
        return out
    }

    private static func change(_ m: [String: Any], at: String, inventory inv: Inventory) throws(AnalysisError) -> Change {
        guard let op = m["op"] as? String else { throw .badInput("\(at): field 'op' is missing") }
        let at = "\(at) (\(op))"
        func string(_ key: String) throws(AnalysisError) -> String {
            guard let v = m[key] as? String, !v.isEmpty else { throw .badInput("\(at): field '\(key)' must be a non-empty string") }
            return v
        }
        func direction() throws(AnalysisError) -> SecurityGroupRule.Direction {
            guard let d = SecurityGroupRule.Direction(rawValue: try string("direction")) else {
                throw .badInput("\(at): field 'direction' must be ingress or egress, got \(m["direction"]!)")
            }
            return d
        }
        func mapping(_ key: String) throws(AnalysisError) -> [String: Any] {
            guard let v = m[key] as? [String: Any] else { throw .badInput("\(at): field '\(key)' must be a mapping") }
            return v
        }
        switch op {
        case "add-security-group-rule":
            return .addGroupRule(group: try string("group"), rule: try checked(decode(SecurityGroupRule.self, mapping("rule"), at: "\(at): rule"), at))
        case "remove-security-group-rule":
            return .removeGroupRule(group: try string("group"), rule: try string("rule"))
        case "modify-security-group-rule":
            let g = try string("group"), id = try string("rule")
            guard let current = inv.securityGroups.first(where: { $0.id == g })?.rules.first(where: { $0.id == id }) else {
                throw .badInput("\(at): no rule '\(id)' in security group '\(g)'")
            }
            var set = try mapping("set")
            if set.keys.contains(where: { peerFields.contains($0) }) {
                for f in peerFields where set[f] == nil { set[f] = NSNull() }
            }
            return .replaceGroupRule(group: g, rule: try checked(merge(current, set, allowed: ruleFields, at: at), at))
        case "add-acl-entry":
            return .addAclEntry(acl: try string("acl"), direction: try direction(), position: m["position"] as? Int,
                                entry: try decode(AclEntry.self, mapping("entry"), at: "\(at): entry"))
        case "remove-acl-entry":
            return .removeAclEntry(acl: try string("acl"), direction: try direction(), entry: try string("entry"))
        case "modify-acl-entry":
            let a = try string("acl"), d = try direction(), id = try string("entry")
            let acl = inv.networkAcls.first { $0.id == a }
            guard let current = (d == .ingress ? acl?.ingress : acl?.egress)?.first(where: { $0.id == id }) else {
                throw .badInput("\(at): no \(d.rawValue) entry '\(id)' in network ACL '\(a)'")
            }
            return .replaceAclEntry(acl: a, direction: d, entry: try merge(current, try mapping("set"), allowed: aclFields, at: at))
        case "add-route":
            return .addRoute(table: try string("table"), entry: try decode(RouteEntry.self, mapping("entry"), at: "\(at): entry"))
        case "remove-route":
            return .removeRoute(table: try string("table"), entry: try string("entry"))
        case "modify-route":
            let t = try string("table"), id = try string("entry")
            guard let current = inv.routeTables.first(where: { $0.id == t })?.entries.first(where: { $0.id == id }) else {
                throw .badInput("\(at): no route '\(id)' in route table '\(t)'")
            }
            return .replaceRoute(table: t, entry: try merge(current, try mapping("set"), allowed: routeFields, at: at))
        case "bind-eip":
            let ip = try string("ip")
            guard IPAddress(ip) != nil else { throw .badInput("\(at): field 'ip': '\(ip)' is not an IP address") }
            return .bindEip(ip: ip, to: try string("to"))
        case "unbind-eip":
            return .unbindEip(ip: try string("ip"))
        default:
            throw .badInput("\(at): unknown op '\(op)'; expected add-, remove- or modify-security-group-rule, -acl-entry, -route, bind-eip or unbind-eip")
        }
    }

    private static func checked(_ r: SecurityGroupRule, _ at: String) throws(AnalysisError) -> SecurityGroupRule {
        guard (1...100).contains(r.priority) else { throw .badInput("\(at): priority must be 1–100, got \(r.priority)") }
        guard protocols.contains(r.protocol) else { throw .badInput("\(at): protocol must be one of tcp, udp, icmp, icmpv6, gre, all, got \(r.protocol)") }
        guard [r.cidr, r.ipv6Cidr, r.prefixListId, r.groupId].compactMap({ $0 }).filter({ !$0.isEmpty }).count == 1 else {
            throw .badInput("\(at): a rule needs exactly one of cidr, ipv6Cidr, prefixListId, groupId")
        }
        return r
    }

    /// A model value from a YAML mapping, through its Decodable conformance (the inventory's format).
    static func decode<T: Decodable>(_ type: T.Type, _ mapping: [String: Any], at: String) throws(AnalysisError) -> T {
        do {
            let data = try JSONSerialization.data(withJSONObject: mapping)
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.dataCorrupted(c) {
            throw .badInput("\(at): field '\(c.codingPath.map(\.stringValue).joined(separator: "."))': \(c.debugDescription)")
        } catch let DecodingError.keyNotFound(key, _) {
            throw .badInput("\(at): field '\(key.stringValue)' is missing")
        } catch let DecodingError.typeMismatch(_, c) {
            throw .badInput("\(at): field '\(c.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type (\(c.debugDescription))")
        } catch {
            throw .badInput("\(at): \(error)")
        }
    }

    /// `current` with the fields of `set` replaced (a null removes an optional field).
    static func merge<T: Codable>(_ current: T, _ set: [String: Any], allowed: Set<String>, at: String) throws(AnalysisError) -> T {
        if let bad = set.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .badInput("\(at): field 'set.\(bad)' cannot be set; settable: \(allowed.sorted().joined(separator: ", "))")
        }
        guard let data = try? JSONEncoder().encode(current),
              var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw .badInput("\(at): the current value could not be read")
        }
        for (k, v) in set { if v is NSNull { object[k] = nil } else { object[k] = v } }
        return try decode(T.self, object, at: "\(at): set")
    }
}
