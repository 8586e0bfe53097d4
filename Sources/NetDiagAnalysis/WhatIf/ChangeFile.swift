import Foundation
import NetDiagEngine
import NetDiagModel
import Yams

/// Reads a what-if change file: a YAML list of edits, each a mapping with an `op`
/// (docs/analysis.md lists them). New rules, entries and routes are written as in the inventory's
/// YAML format; `modify-…` takes the id and a `set` mapping of the fields to change.
public enum ChangeFile {
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
            let c = try change(DataValue(yaml: m), at: at, inventory: working)
            do {
                working = try ChangeApplier.apply([c], to: working, first: n + 1)
            } catch {
                throw .badInput("\(file): \(error.description)")
            }
            out.append(c)
        }
        return out
    }

    /// One edit in change-file form (a finding's fix, or one item of a change file) as a
    /// `Change`, read against `inventory` (a `modify` merges into the current value). `at` starts
    /// every error message.
    public static func change(_ edit: DataValue, at: String, inventory inv: Inventory) throws(AnalysisError) -> Change {
        guard let op = edit["op"]?.stringValue else { throw .badInput("\(at): field 'op' is missing") }
        let at = "\(at) (\(op))"
        if let problem = FixSchema.problem(edit) {
            throw .badInput("\(at): \(problem.hasPrefix(op + ": ") ? String(problem.dropFirst(op.count + 2)) : problem)")
        }
        // FixSchema has checked every field's presence and kind.
        func string(_ key: String) -> String { edit[key]!.stringValue! }
        func direction() -> SecurityGroupRule.Direction { SecurityGroupRule.Direction(rawValue: string("direction"))! }
        func decoded<T: Decodable>(_ type: T.Type, _ key: String) throws(AnalysisError) -> T {
            do { return try FixSchema.decode(type, edit[key]!, field: key) } catch { throw .badInput("\(at): \(error.message)") }
        }
        switch op {
        case "add-security-group-rule":
            return .addGroupRule(group: string("group"), rule: try decoded(SecurityGroupRule.self, "rule"))
        case "remove-security-group-rule":
            return .removeGroupRule(group: string("group"), rule: string("rule"))
        case "modify-security-group-rule":
            let g = string("group"), id = string("rule")
            guard let current = inv.securityGroups.first(where: { $0.id == g })?.rules.first(where: { $0.id == id }) else {
                throw .badInput("\(at): no rule '\(id)' in security group '\(g)'")
            }
            guard case .object(var set) = edit["set"]! else { throw .badInput("\(at): field 'set' must be a mapping") }
            if set.keys.contains(where: { FixSchema.peerFields.contains($0) }) {
                for f in FixSchema.peerFields where set[f] == nil { set[f] = .null }
            }
            let rule = try merge(current, set, at: at)
            if let problem = FixSchema.ruleProblem(rule) { throw .badInput("\(at): \(problem)") }
            return .replaceGroupRule(group: g, rule: rule)
        case "add-acl-entry":
            return .addAclEntry(acl: string("acl"), direction: direction(), position: edit["position"]?.intValue,
                                entry: try decoded(AclEntry.self, "entry"))
        case "remove-acl-entry":
            return .removeAclEntry(acl: string("acl"), direction: direction(), entry: string("entry"))
        case "modify-acl-entry":
            let a = string("acl"), d = direction(), id = string("entry")
            let acl = inv.networkAcls.first { $0.id == a }
            guard let current = (d == .ingress ? acl?.ingress : acl?.egress)?.first(where: { $0.id == id }) else {
                throw .badInput("\(at): no \(d.rawValue) entry '\(id)' in network ACL '\(a)'")
            }
            return .replaceAclEntry(acl: a, direction: d, entry: try merge(current, settable(edit), at: at))
        case "add-route":
            return .addRoute(table: string("table"), entry: try decoded(RouteEntry.self, "entry"))
        case "remove-route":
            return .removeRoute(table: string("table"), entry: string("entry"))
        case "modify-route":
            let t = string("table"), id = string("entry")
            guard let current = inv.routeTables.first(where: { $0.id == t })?.entries.first(where: { $0.id == id }) else {
                throw .badInput("\(at): no route '\(id)' in route table '\(t)'")
            }
            return .replaceRoute(table: t, entry: try merge(current, settable(edit), at: at))
        case "bind-eip":
            let ip = string("ip")
            guard IPAddress(ip) != nil else { throw .badInput("\(at): field 'ip': '\(ip)' is not an IP address") }
            return .bindEip(ip: ip, to: string("to"))
        case "unbind-eip":
            return .unbindEip(ip: string("ip"))
        case "add-guest-firewall-line":
            return .addGuestFirewallLine(instance: string("instance"), firewall: string("firewall"), line: string("line"),
                                         table: edit["table"]?.stringValue, position: edit["position"]?.intValue)
        case "remove-guest-firewall-line":
            return .removeGuestFirewallLine(instance: string("instance"), firewall: string("firewall"), line: string("line"),
                                            table: edit["table"]?.stringValue)
        default:
            throw .badInput("\(at): unknown op '\(op)'; expected one of \(FixSchema.opList)")
        }
    }

    /// The edits as a change file (a YAML list in the form `parse` reads).
    public static func yaml(_ edits: [DataValue]) throws -> String {
        let text = try Yams.serialize(node: Node.sequence(.init(edits.map(node))))
        return text.hasSuffix("\n") ? text : text + "\n"
    }

    private static func node(_ v: DataValue) -> Node {
        switch v {
        case .null: return Node("null", Tag(.null))
        case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
        case .int(let i): return Node(String(i), Tag(.int))
        case .double(let d): return Node(String(d), Tag(.float))
        case .string(let s):
            // Plain where it reads back as the same string; quoted where YAML would read `yes`, `22` or `a: b` as something else.
            if s.contains("\n") { return Node(s, Tag(.str), .literal) }
            let plain = ((try? Yams.load(yaml: s)) as? String) == s
            return Node(s, Tag(.str), plain ? .plain : .singleQuoted)
        case .array(let a): return .sequence(.init(a.map(node)))
        case .object(let o):
            // `op` first, then the rest sorted: stable files that read like the documented ones.
            let keys = o.keys.sorted { ($0 == "op" ? "" : $0) < ($1 == "op" ? "" : $1) }
            return .mapping(.init(keys.map { (Node($0), node(o[$0]!)) }))
        }
    }

    private static func settable(_ edit: DataValue) -> [String: DataValue] {
        if case .object(let set) = edit["set"] ?? .null { return set }
        return [:]
    }

    /// `current` with the fields of `set` replaced (a null removes an optional field).
    static func merge<T: Codable>(_ current: T, _ set: [String: DataValue], at: String) throws(AnalysisError) -> T {
        guard let data = try? JSONEncoder().encode(current),
              case .object(var object) = try? JSONDecoder().decode(DataValue.self, from: data) else {
            throw .badInput("\(at): the current value could not be read")
        }
        for (k, v) in set { if v == .null { object[k] = nil } else { object[k] = v } }
        do { return try FixSchema.decode(T.self, .object(object), field: "set") } catch { throw .badInput("\(at): \(error.message)") }
    }
}

extension DataValue {
    /// A value as Yams loads YAML (String, Int, Double, Bool, arrays, mappings, nil for null).
    init(yaml value: Any?) {
        switch value {
        case nil, is NSNull: self = .null
        case let b as Bool: self = .bool(b)
        case let i as Int: self = .int(i)
        case let d as Double: self = .double(d)
        case let s as String: self = .string(s)
        case let a as [Any]: self = .array(a.map { DataValue(yaml: $0) })
        case let m as [String: Any]: self = .object(m.mapValues { DataValue(yaml: $0) })
        default: self = .string(String(describing: value!))
        }
    }
}
