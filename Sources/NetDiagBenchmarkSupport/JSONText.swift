/// A JSON value with ordered object keys, rendered compactly and byte-for-byte the same every
/// time (unlike `JSONSerialization`, whose key order and number formatting are not promised).
public indirect enum JSONText: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    /// A number written exactly as given (`35.5`), for values that are not integers.
    case raw(String)
    case array([JSONText])
    case object([(String, JSONText)])

    /// The compact text, without a trailing newline.
    public var rendered: String {
        var out = ""
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    /// Appends the compact text to `out`.
    public func write(into out: inout String) {
        switch self {
        case .string(let s): Self.writeString(s, into: &out)
        case .int(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .raw(let text): out += text
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += "," }
                Self.writeString(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// An API list in its wrapped form: `{"Items": {"Item": [...]}}` as the value of `wrapper`.
    public static func wrapped(_ item: String, _ items: [JSONText]) -> JSONText {
        .object([(item, .array(items))])
    }

    /// A list of strings in the wrapped form (`SecurityGroupIds.SecurityGroupId[]`).
    public static func strings(_ item: String, _ items: [String]) -> JSONText {
        wrapped(item, items.map(JSONText.string))
    }

    /// An optional string as the API writes it: `""` when unset.
    public static func optional(_ s: String?) -> JSONText { .string(s ?? "") }
}
