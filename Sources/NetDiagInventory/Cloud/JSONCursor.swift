import NetDiagJSON
import Foundation
import NetDiagModel

/// A position in a parsed JSON document (`JSONDocument`) that knows its file and
/// JSON path (`$.Instances.Instance[2].Status`), so every type error names both.
///
/// Reading never throws: a wrong type is recorded in the shared `IssueSink` and read as absent,
/// so one pass finds every error of a file.
struct JSONCursor {
    private let document: JSONDocument
    /// The node here; nil when the key is absent.
    private let node: Int?
    /// The file, relative to the inventory folder.
    let file: String
    /// The JSON path from the document root, `$` for the root. It is only joined when asked for
    /// (for a message or an origin): most values are read and dropped. `base`, then `[index]`
    /// when `index` is not negative, then `.key` when there is one.
    var path: String {
        var path = base
        if index >= 0 { path += "[\(index)]" }
        if let key { path += "." + key }
        return path
    }
    /// The path split before a trailing array index: (the array's path, the index) for an
    /// element, (the path, nil) otherwise; the elements of an array share one string.
    var splitPath: (path: String, index: Int?) {
        if key == nil, index >= 0 { return (base, index) }
        return (path, nil)
    }
    private let base: String
    private let index: Int
    private let key: String?
    let sink: IssueSink

    /// The root of `document`.
    init(document: JSONDocument, file: String, sink: IssueSink) {
        self.document = document; node = JSONDocument.root; self.file = file; base = "$"; index = -1; key = nil
        self.sink = sink
    }

    private init(_ parent: JSONCursor, node: Int?, base: String, index: Int, key: String?) {
        document = parent.document; self.node = node; file = parent.file; self.base = base; self.index = index
        self.key = key; sink = parent.sink
    }

    /// The value here, built in full: for messages and the rare value read another way.
    private var value: JSONValue? { node.map(document.value) }

    private var kind: JSONDocument.Kind? { node.map(document.kind) }

    /// The member `key` of this object. Reading a member of a non-object records a type error.
    subscript(key: String) -> JSONCursor {
        var child: Int?
        if let node, document.kind(node) == .object {
            child = document.member(key, of: node)
        } else if !isAbsent {
            typeError(expected: "an object")
        }
        // The path grows by one step without being joined, unless this cursor has its own key.
        if self.key == nil { return JSONCursor(self, node: child, base: base, index: index, key: key) }
        return JSONCursor(self, node: child, base: path, index: -1, key: key)
    }

    /// True when the value is missing or JSON `null`.
    var isAbsent: Bool {
        guard let node else { return true }
        return document.kind(node) == .null
    }

    /// True when the value is the empty string `""` (the API's way of leaving a field unset).
    var isEmptyString: Bool {
        guard let node else { return false }
        return document.isEmptyString(node)
    }

    /// True when the value is an object; records a type error otherwise.
    func isObject() -> Bool {
        if kind == .object { return true }
        if isAbsent { sink.error(file, path, "missing, expected an object") } else { typeError(expected: "an object") }
        return false
    }

    /// An optional string: absent, `null` and `""` read as nil. A number reads as its decimal text.
    func string() -> String? {
        if let node, document.kind(node) == .string {
            return document.isEmptyString(node) ? nil : document.string(node)
        }
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
            // A string that reads as an integer has no spaces to trim.
            if let int = Int(text) { return int }
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
        switch outer.kind {
        case .array: return outer.elements()
        case .object:
            let inner = outer[item]
            if inner.isAbsent { return [] }
            if inner.kind == .array { return inner.elements() }
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
        guard let node, document.kind(node) == .array else { return [] }
        let prefix = path
        return document.elements(node).enumerated().map { index, element in
            JSONCursor(self, node: element, base: prefix, index: index, key: nil)
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
