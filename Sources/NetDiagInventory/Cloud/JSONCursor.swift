import NetDiagJSON
import Foundation
import NetDiagModel

/// A position in a parsed JSON document (`JSONParser` output) that knows its file and
/// JSON path (`$.Instances.Instance[2].Status`), so every type error names both.
///
/// Reading never throws: a wrong type is recorded in the shared `IssueSink` and read as absent,
/// so one pass finds every error of a file.
struct JSONCursor {
    /// The value here; nil when the key is absent.
    let value: JSONValue?
    /// The file, relative to the inventory folder.
    let file: String
    /// The JSON path from the document root, `$` for the root. A member's path is only joined
    /// when asked for (for a message or a nested member): most members are read and dropped.
    var path: String { key.map { base + "." + $0 } ?? base }
    private let base: String
    private let key: String?
    let sink: IssueSink

    init(value: JSONValue?, file: String, path: String = "$", sink: IssueSink) {
        self.value = value; self.file = file; base = path; key = nil; self.sink = sink
    }

    private init(value: JSONValue?, file: String, parent: String, key: String, sink: IssueSink) {
        self.value = value; self.file = file; base = parent; self.key = key; self.sink = sink
    }

    /// The member `key` of this object. Reading a member of a non-object records a type error.
    subscript(key: String) -> JSONCursor {
        var child: JSONValue?
        if case .object(let object) = value {
            child = object[key]
        } else if !isAbsent {
            typeError(expected: "an object")
        }
        return JSONCursor(value: child, file: file, parent: path, key: key, sink: sink)
    }

    /// True when the value is missing or JSON `null`.
    var isAbsent: Bool {
        guard let value else { return true }
        if case .null = value { return true }
        return false
    }

    /// True when the value is the empty string `""` (the API's way of leaving a field unset).
    var isEmptyString: Bool {
        if case .string(let text) = value { return text.isEmpty }
        return false
    }

    /// True when the value is an object; records a type error otherwise.
    func isObject() -> Bool {
        if case .object = value { return true }
        if isAbsent { sink.error(file, path, "missing, expected an object") } else { typeError(expected: "an object") }
        return false
    }

    /// An optional string: absent, `null` and `""` read as nil. A number reads as its decimal text.
    func string() -> String? {
        switch value {
        case nil, .null: return nil
        case .string(let text): return text.isEmpty ? nil : text
        case .int(let int): return String(int)
        case .number(_, let text): return text
        default:
            typeError(expected: "a string")
            return nil
        }
    }

    /// A required string; a missing or empty one records an error naming the field.
    func requiredString() -> String? {
        if let text = string() { return text }
        if isAbsent || isEmptyString {
            sink.error(file, path, "missing required value, expected a non-empty string")
        }
        return nil
    }

    /// An optional integer: a JSON number or a string holding one; absent, `null` and `""` read as nil.
    func int() -> Int? {
        switch value {
        case nil, .null: return nil
        case .int(let int): return int
        case .number(_, let text):
            sink.error(file, path, "expected an integer, found \(text)")
            return nil
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            if let int = Int(trimmed) { return int }
            sink.error(file, path, "expected an integer, found \"\(text)\"")
            return nil
        default:
            typeError(expected: "an integer")
            return nil
        }
    }

    /// An optional boolean: `true`/`false`, `1`/`0`, or those as strings (any case).
    func bool() -> Bool? {
        switch value {
        case nil, .null: return nil
        case .bool(let bool): return bool
        case .int(let int) where int == 0 || int == 1: return int == 1
        case .string(let text):
            switch text.lowercased() {
            case "": return nil
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: break
            }
        default: break
        }
        typeError(expected: "a boolean (true or false)")
        return nil
    }

    /// The items of a list in either shape: wrapped `{"Instances": {"Instance": [...]}}` or
    /// flattened `{"Instances": [...]}`. Call on the object holding `wrapper`. Absent, `null`,
    /// `""` and `{}` are an empty list; a single item where a list is expected reads as one item.
    func list(_ wrapper: String, _ item: String) -> [JSONCursor] {
        let outer = self[wrapper]
        if outer.isAbsent || outer.isEmptyString { return [] }
        switch outer.value {
        case .array: return outer.elements()
        case .object:
            let inner = outer[item]
            if inner.isAbsent { return [] }
            if case .array = inner.value { return inner.elements() }
            return [inner]
        default: break
        }
        outer.typeError(expected: "a list: an array or {\"\(item)\": [...]}")
        return []
    }

    /// The strings of a list in either shape (`SecurityGroupIds.SecurityGroupId[]`); empty items are skipped.
    func strings(_ wrapper: String, _ item: String) -> [String] {
        list(wrapper, item).compactMap { $0.string() }
    }

    /// The elements of this array, each with its index in the path.
    private func elements() -> [JSONCursor] {
        guard case .array(let array) = value else { return [] }
        let prefix = path
        return array.enumerated().map { index, element in
            JSONCursor(value: element, file: file, path: "\(prefix)[\(index)]", sink: sink)
        }
    }

    /// Records that the value here has the wrong type.
    func typeError(expected: String) {
        sink.error(file, path, "expected \(expected), found \(Self.describe(value))")
    }

    /// Records an invalid value (a bad CIDR, an unknown enum case) with what was expected.
    func invalid(_ text: String, expected: String) {
        sink.error(file, path, "invalid value \"\(text)\", expected \(expected)")
    }

    /// A short description of a JSON value for messages: its type and, for scalars, the value.
    static func describe(_ value: JSONValue?) -> String {
        value?.description ?? "nothing"
    }
}
