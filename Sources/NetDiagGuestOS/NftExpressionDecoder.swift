import NetDiagJSON
import NetDiagModel

/// Turns the `expr` list of one nft rule into matches, a verdict and a readable text.
/// Statements that neither match nor decide (counter, log) are rendered but not kept; any
/// other expression becomes an `unknown` match holding its JSON, so nothing is silently lost.
enum NftExpressionDecoder {
    /// iptables targets an `xt` statement may carry that let the packet go on.
    private static let nonTerminatingTargets: Set<String> = [
        "LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "CLASSIFY", "DSCP", "TOS", "TCPMSS", "AUDIT", "CHECKSUM",
        "TEE", "SECMARK", "CONNSECMARK", "TRACE", "IDLETIMER", "LED", "RATEEST", "SET", "TTL", "HL", "HMARK",
    ]

    static func rule(handle: Int, expressions: [JSONValue], comment: String?) -> NftRule {
        var rule = NftRule(handle: handle, text: "", verdict: nil)
        var words: [String] = []
        for expression in expressions {
            guard let object = expression.object, object.count == 1, let (kind, body) = object.first else {
                rule.matches.append(NftMatch(field: "unknown", values: [expression.jsonText]))
                words.append(expression.jsonText)
                continue
            }
            switch kind {
            case "match":
                if let match = match(body) {
                    rule.matches.append(match)
                    words.append(render(match))
                } else {
                    rule.matches.append(NftMatch(field: "unknown", values: [expression.jsonText]))
                    words.append(expression.jsonText)
                }
            case "accept", "drop", "return", "continue":
                rule.verdict = kind
                words.append(kind)
            case "reject":
                rule.verdict = kind
                var text = "reject"
                if let type = body["type"]?.string {
                    text += " with \(type)"
                    if let code = body["expr"]?.string { text += " \(code)" }
                }
                words.append(text)
            case "jump", "goto":
                rule.verdict = kind
                rule.target = body["target"]?.string
                words.append("\(kind) \(rule.target ?? "?")")
            case "dnat", "redirect":
                rule.verdict = kind
                if let addr = body["addr"] { rule.nat["address"] = text(of: addr) }
                if let port = body["port"] { rule.nat["port"] = text(of: port) }
                let to = (rule.nat["address"] ?? "") + (rule.nat["port"].map { ":" + $0 } ?? "")
                words.append(to.isEmpty ? kind : "\(kind) to \(to)")
            case "vmap":
                if let map = verdictMap(body) {
                    rule.vmap = map
                    words.append(render(map))
                } else {
                    rule.matches.append(NftMatch(field: "unknown", values: [expression.jsonText]))
                    words.append(expression.jsonText)
                }
            case "queue", "synproxy", "tproxy", "fwd":
                // These end the rule's chain with an outcome decided outside the rule set.
                rule.verdict = "unknown"
                rule.target = kind
                words.append(expression.jsonText)
            case "xt" where body["type"]?.string == "target" && !nonTerminatingTargets.contains(body["name"]?.string ?? ""):
                rule.verdict = "unknown"
                rule.target = "xt " + (body["name"]?.string ?? "?")
                words.append(expression.jsonText)
            case "counter":
                words.append("counter")
            case "log":
                words.append(body["prefix"]?.string.map { "log prefix \"\($0)\"" } ?? "log")
            default:
                rule.matches.append(NftMatch(field: "unknown", values: [expression.jsonText]))
                words.append(expression.jsonText)
            }
        }
        if let comment { words.append("comment \"\(comment)\"") }
        rule.text = words.joined(separator: " ")
        return rule
    }

    /// A `match` statement with a known left side and an equality-like operator, else nil.
    private static func match(_ body: JSONValue) -> NftMatch? {
        guard let left = body["left"], let right = body["right"], let field = field(left) else { return nil }
        let op: String
        switch body["op"]?.string ?? "==" {
        // `in` tests flag membership (`ct state established,related`): for the values listed
        // it behaves as equality with any of them.
        case "==", "in": op = "=="
        case "!=": op = "!="
        default: return nil
        }
        return NftMatch(field: field, op: op, values: values(right))
    }

    /// An anonymous verdict map on a known field whose elements all map to a plain verdict
    /// (`accept`, `drop`, `reject`, `return`, `continue`, `jump X`, `goto X`); else nil.
    private static func verdictMap(_ body: JSONValue) -> NftVerdictMap? {
        guard let key = body["key"], let field = field(key), let list = body["data"]?["set"]?.array else { return nil }
        var elements: [NftMapElement] = []
        for item in list {
            guard let pair = item.array, pair.count == 2, let verdict = pair[1].object, verdict.count == 1,
                  let (name, detail) = verdict.first,
                  ["accept", "drop", "reject", "return", "continue", "jump", "goto"].contains(name) else { return nil }
            let target = name == "jump" || name == "goto" ? detail["target"]?.string : nil
            if (name == "jump" || name == "goto") && target == nil { return nil }
            elements.append(NftMapElement(values: values(pair[0]), verdict: name, target: target))
        }
        return NftVerdictMap(field: field, elements: elements)
    }

    private static func render(_ map: NftVerdictMap) -> String {
        let items = map.elements.map { e in
            e.values.joined(separator: ", ") + " : " + e.verdict + (e.target.map { " " + $0 } ?? "")
        }
        return "\(map.field) vmap { " + items.joined(separator: ", ") + " }"
    }

    /// `tcp dport`, `ip saddr`, `meta l4proto`, `ct state`, `iifname`, …; nil for raw payloads.
    static func field(_ left: JSONValue) -> String? {
        if let payload = left["payload"] {
            guard let proto = payload["protocol"]?.string, let field = payload["field"]?.string else { return nil }
            return "\(proto) \(field)"
        }
        if let meta = left["meta"], let key = meta["key"]?.string {
            return key == "iifname" || key == "oifname" ? key : "meta \(key)"
        }
        if let ct = left["ct"], let key = ct["key"]?.string {
            if let dir = ct["dir"]?.string { return "ct \(dir) \(key)" }
            return "ct \(key)"
        }
        return nil
    }

    /// Right-hand values: an anonymous set or flag list gives one value per element.
    static func values(_ right: JSONValue) -> [String] {
        if let set = right["set"]?.array { return set.map(text(of:)) }
        if let set = right["set"], set.array == nil { return [text(of: set)] }
        if let list = right.array { return list.map(text(of:)) }
        return [text(of: right)]
    }

    /// One value as nft prints it: `10.0.0.0/8`, `1000-2000`, `22`, `@name`, `a . b`.
    static func text(of value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        default: break
        }
        if let prefix = value["prefix"], let addr = prefix["addr"].map(text(of:)), let len = prefix["len"]?.int {
            return "\(addr)/\(len)"
        }
        if let range = value["range"]?.array, range.count == 2 {
            return "\(text(of: range[0]))-\(text(of: range[1]))"
        }
        if let elem = value["elem"], let val = elem["val"] { return text(of: val) }
        if let concat = value["concat"]?.array { return concat.map(text(of:)).joined(separator: " . ") }
        return value.jsonText
    }

    private static func render(_ match: NftMatch) -> String {
        let quoteNames = match.field == "iifname" || match.field == "oifname"
        let shown = match.values.map { quoteNames && !$0.hasPrefix("@") ? "\"\($0)\"" : $0 }
        let value = shown.count == 1 ? shown[0] : "{ " + shown.joined(separator: ", ") + " }"
        return match.op == "!=" ? "\(match.field) != \(value)" : "\(match.field) \(value)"
    }
}
