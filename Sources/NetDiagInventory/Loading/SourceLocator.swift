import NetDiagModel

/// A value in the model, named two ways: by position (`securityGroups[2].rules[0].cidr`, the
/// YAML key path) and by ids (`securityGroups/sg-1/rules/sgr-9/cidr`, stable across formats).
struct ModelRef {
    struct Step { var collection: String; var index: Int; var id: String }

    var steps: [Step]
    /// The field inside the innermost object, `cidr` or `privateIps[1]`; empty for the object itself.
    var field: String

    init(_ collection: String, _ index: Int, _ id: String, field: String = "") {
        steps = [Step(collection: collection, index: index, id: id)]; self.field = field
    }

    /// The same object's nested item, e.g. a rule of a group.
    func nested(_ collection: String, _ index: Int, _ id: String, field: String = "") -> ModelRef {
        var copy = self
        copy.steps.append(Step(collection: collection, index: index, id: id)); copy.field = field
        return copy
    }

    /// Another field of the same object.
    func field(_ name: String) -> ModelRef {
        var copy = self
        copy.field = name
        return copy
    }

    /// The key path in the YAML format.
    var yamlPath: String {
        let base = steps.map { "\($0.collection)[\($0.index)]" }.joined(separator: ".")
        return field.isEmpty ? base : base + "." + field
    }

    /// The id-based key under which a reader records where the value came from.
    var key: String {
        let base = steps.map { "\($0.collection)/\($0.id)" }.joined(separator: "/")
        return field.isEmpty ? base : base + "/" + field
    }

    /// The field without an element index: `privateIps` for `privateIps[1]`.
    var baseField: String {
        field.firstIndex(of: "[").map { String(field[..<$0]) } ?? field
    }

    /// The id of the innermost object, for messages.
    var id: String { steps.last?.id ?? "" }
}

/// Tells where a model value came from, so validation issues name a file and a path in it:
/// the JSON path of the API response field, or the YAML key path.
struct SourceLocator {
    struct Origin: Hashable {
        var file: String
        var path: String
        /// Model field → API field below `path`, for fields of this object.
        var fields: [String: String] = [:]
    }

    /// The file named when no origin is recorded (the YAML file), with YAML key paths.
    var defaultFile: String
    /// id-based key (`ModelRef.key`) → where the value was read.
    private var origins: [String: Origin] = [:]
    /// Items recorded together (`ItemOrigins`: the rules of each group, hundreds of thousands
    /// at region scale), by their collection's key (`securityGroups/sg-1/rules`), in the order
    /// recorded.
    private var itemOrigins: [String: [ItemOrigins]] = [:]

    init(defaultFile: String) { self.defaultFile = defaultFile }

    /// Records where a model object or field came from, and for an object the API field each
    /// of some model fields was read from (`path.apiField`). The first record of a key wins.
    mutating func record(_ key: String, file: String, path: String, fields: [String: String] = [:]) {
        if origins[key] == nil { origins[key] = Origin(file: file, path: path, fields: fields) }
    }

    /// Records where the items of `collection` inside the object `key` came from
    /// (`securityGroups/sg-1`, `rules`). For an item's key, the first record holding it wins.
    mutating func record(_ items: ItemOrigins, _ collection: String, of key: String) {
        itemOrigins[key + "/" + collection, default: []].append(items)
    }

    /// The first origin recorded for `ref`: an item's from its collection's `ItemOrigins`
    /// when it has no field, else the one recorded under its key.
    private subscript(ref: ModelRef) -> Origin? {
        if ref.field.isEmpty, ref.steps.count == 2 {
            let (outer, item) = (ref.steps[0], ref.steps[1])
            if let lists = itemOrigins["\(outer.collection)/\(outer.id)/\(item.collection)"] {
                for list in lists { if let origin = list.origin(of: item.id) { return origin } }
            }
        }
        return origins[ref.key]
    }

    /// The file and location for a model value: the recorded field, else the recorded field
    /// without its index, else the recorded object, else the YAML key path in the default file.
    func locate(_ ref: ModelRef) -> (file: String, location: String) {
        if let exact = self[ref] { return (exact.file, exact.path) }
        let owner = self[ref.field("")]
        if let owner, let api = owner.fields[ref.field] { return (owner.file, owner.path + "." + api) }
        let base = ref.field(ref.baseField)
        if ref.baseField != ref.field, let origin = self[base] {
            return (origin.file, origin.path + " (\(ref.field))")
        }
        if ref.baseField != ref.field, let owner, let api = owner.fields[ref.baseField] {
            return (owner.file, owner.path + "." + api + " (\(ref.field))")
        }
        if let object = owner {
            return (object.file, ref.field.isEmpty ? object.path : object.path + " (\(ref.field))")
        }
        return (defaultFile, ref.yamlPath)
    }
}
