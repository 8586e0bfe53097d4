import Foundation
import NetDiagModel

/// A position in a parsed JSON document (`JSONSerialization` output) that knows its file and
/// JSON path (`$.Instances.Instance[2].Status`), so every type error names both.
///
/// Reading never throws: a wrong type is recorded in the shared `IssueSink` and read as absent,
/// so one pass finds every error of a file.
struct JSONCursor {
    /// The value here; nil when the key is absent.
    let value: Any?
    /// The file, relative to the inventory folder.
    let file: String
    /// The JSON path from the document root, `$` for the root. A member's path is only joined
    /// when asked for (for a message or a nested member): most members are read and dropped.
    var path: String { key.map { base + "." + $0 } ?? base }
    private let base: String
    private let key: String?
    let sink: IssueSink

    init(value: Any?, file: String, path: String = "$", sink: IssueSink) {
        self.value = value; self.file = file; base = path; key = nil; self.sink = sink
    }

    private init(value: Any?, file: String, parent: String, key: String, sink: IssueSink) {
        self.value = value; self.file = file; base = parent; self.key = key; self.sink = sink
    }

    /// The member `key` of this object. Reading a member of a non-object records a type error.
    subscript(key: String) -> JSONCursor {
        var child: Any?
        if let object = value as? [String: Any] {
            child = object[key]
        } else if !isAbsent {
            typeError(expected: "an object")
        }
        return JSONCursor(value: child, file: file, parent: path, key: key, sink: sink)
    }

    /// True when the value is missing or JSON `null`. Compares the dynamic type rather than
    /// casting with `is NSNull`: on Linux that cast bridges a whole Swift array or dictionary
    /// to Foundation objects first, which made loading quadratic in the size of a response.
    var isAbsent: Bool {
        guard let value else { return true }
        return ObjectIdentifier(type(of: value)) == ObjectIdentifier(NSNull.self)
    }

    /// True when the value is an object; records a type error otherwise.
    func isObject() -> Bool {
        if value is [String: Any] { return true }
        if isAbsent { sink.error(file, path, "missing, expected an object") } else { typeError(expected: "an object") }
        return false
    }

    /// An optional string: absent, `null` and `""` read as nil. A number reads as its decimal text.
    func string() -> String? {
        guard !isAbsent else { return nil }
        if let text = value as? String { return text.isEmpty ? nil : text }
        if let number = value as? NSNumber, !Self.isBoolean(number) {
            if let int = value as? Int { return String(int) }
            return number.stringValue
        }
        typeError(expected: "a string")
        return nil
    }

    /// A required string; a missing or empty one records an error naming the field.
    func requiredString() -> String? {
        if let text = string() { return text }
        if isAbsent || (value as? String)?.isEmpty == true {
            sink.error(file, path, "missing required value, expected a non-empty string")
        }
        return nil
    }

    /// An optional integer: a JSON number or a string holding one; absent, `null` and `""` read as nil.
    func int() -> Int? {
        guard !isAbsent else { return nil }
        if let number = value as? NSNumber, !Self.isBoolean(number) {
            if let int = value as? Int { return int }
            sink.error(file, path, "expected an integer, found \(number.stringValue)")
            return nil
        }
        if let text = value as? String {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            if let int = Int(trimmed) { return int }
            sink.error(file, path, "expected an integer, found \"\(text)\"")
            return nil
        }
        typeError(expected: "an integer")
        return nil
    }

    /// An optional boolean: `true`/`false`, `1`/`0`, or those as strings (any case).
    func bool() -> Bool? {
        guard !isAbsent else { return nil }
        if let number = value as? NSNumber {
            if Self.isBoolean(number) { return number.boolValue }
            if let int = value as? Int, int == 0 || int == 1 { return int == 1 }
        }
        if let text = value as? String {
            switch text.lowercased() {
            case "": return nil
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: break
            }
        }
        typeError(expected: "a boolean (true or false)")
        return nil
    }

    /// The items of a list in either shape: wrapped `{"Instances": {"Instance": [...]}}` or
    /// flattened `{"Instances": [...]}`. Call on the object holding `wrapper`. Absent, `null`,
    /// `""` and `{}` are an empty list; a single item where a list is expected reads as one item.
    func list(_ wrapper: String, _ item: String) -> [JSONCursor] {
        let outer = self[wrapper]
        if outer.isAbsent || (outer.value as? String) == "" { return [] }
        if outer.value is [Any] { return outer.elements() }
        if outer.value is [String: Any] {
            let inner = outer[item]
            if inner.isAbsent { return [] }
            if inner.value is [Any] { return inner.elements() }
            return [inner]
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
        guard let array = value as? [Any] else { return [] }
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

    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// A short description of a JSON value for messages: its type and, for scalars, the value.
    static func describe(_ value: Any?) -> String {
        switch value {
        case nil: return "nothing"
        case is NSNull: return "null"
        case let text as String: return "the string \"\(text.prefix(60))\""
        case let number as NSNumber: return isBoolean(number) ? "the boolean \(number.boolValue)" : "the number \(number.stringValue)"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "a value of unknown type"
        }
    }
}
