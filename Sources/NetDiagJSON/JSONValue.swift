/// A parsed JSON value: typed, so reading a field is a switch rather than a dynamic cast from
/// `Any`, and booleans stay apart from numbers. Produced by `JSONParser`.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number with a fraction or exponent, or one too large for `Int`; `text` as written.
    case number(Double, text: String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A member of an object; nil for other values and absent members.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] } else { return nil }
    }

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var int: Int? { if case .int(let i) = self { return i } else { return nil } }
    public var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var object: JSONObject? { if case .object(let o) = self { return o } else { return nil } }

    /// A short description for messages: the type and, for scalars, the value.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "the boolean \(b)"
        case .int(let i): "the number \(i)"
        case .number(_, let text): "the number \(text)"
        case .string(let s): "the string \"\(s.prefix(60))\""
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Compact JSON with sorted keys, so that values compare and read stably.
    public var jsonText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .number(_, let text): return text
        case .string(let s): return Self.quote(s)
        case .array(let a): return "[" + a.map(\.jsonText).joined(separator: ",") + "]"
        case .object(let o):
            return "{" + o.keys.sorted().map { Self.quote($0) + ":" + o[$0]!.jsonText }.joined(separator: ",") + "}"
        }
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if ch.value < 0x20 {
                    let hex = String(ch.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out + "\""
    }
}

/// A JSON object's members in document order. API objects have a few dozen members and are
/// read a handful of fields each, so a scan beats hashing every key into a dictionary.
public struct JSONObject: Hashable, Sendable {
    public var keys: [String] = []
    public var values: [JSONValue] = []

    public init() {}

    public var count: Int { keys.count }

    /// The first member in document order.
    public var first: (key: String, value: JSONValue)? { keys.isEmpty ? nil : (keys[0], values[0]) }

    /// The member's value; with duplicate names the last one wins, as in most parsers.
    public subscript(key: String) -> JSONValue? {
        var index = keys.count - 1
        while index >= 0 {
            if keys[index] == key { return values[index] }
            index -= 1
        }
        return nil
    }
}
