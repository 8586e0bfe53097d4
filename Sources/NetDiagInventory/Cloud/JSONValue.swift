/// A parsed JSON value, as `JSONParser` reads API responses: typed, so reading a field is a
/// switch rather than a dynamic cast from `Any`.
enum JSONValue {
    case null
    case bool(Bool)
    case int(Int)
    /// A number with a fraction or exponent, or one too large for `Int`; `text` as written.
    case number(Double, text: String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A short description for messages: the type and, for scalars, the value.
    var description: String {
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
}

/// A JSON object's members in document order. API objects have a few dozen members and are
/// read a handful of fields each, so a scan beats hashing every key into a dictionary.
struct JSONObject {
    var keys: [String] = []
    var values: [JSONValue] = []

    /// The member's value; with duplicate names the last one wins, as in most parsers.
    subscript(key: String) -> JSONValue? {
        var index = keys.count - 1
        while index >= 0 {
            if keys[index] == key { return values[index] }
            index -= 1
        }
        return nil
    }
}
