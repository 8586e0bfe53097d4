/// A value on its way into Lua, in the byte format `nd_push_encoded` decodes. Built by
/// `LuaPayloadEncoder` from model values, or by hand for per-diagnosis contexts.
enum LuaPayload {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    /// A port range, as the shared read-only table `{start=, end=}`.
    case range(Int, Int)
    /// A table: array part, then named fields. Read-only unless `mutable`.
    case table(array: [LuaPayload], fields: [(String, LuaPayload)], mutable: Bool)
    /// `inventory.<collection>[key]`, materialised lazily and shared between diagnoses.
    case reference(InventoryCollection, String)
    /// The `inventory` table itself.
    case inventoryRoot

    static func record(_ fields: [(String, LuaPayload)]) -> LuaPayload {
        .table(array: [], fields: fields, mutable: false)
    }

    static func list(_ items: [LuaPayload]) -> LuaPayload {
        .table(array: items, fields: [], mutable: false)
    }

    static func optional(_ s: String?) -> LuaPayload { s.map(LuaPayload.string) ?? .null }

    /// The wire bytes, every field name written as a plain string.
    var bytes: [UInt8] {
        var writer = PayloadWriter(keys: nil)
        write(into: &writer)
        return writer.bytes
    }

    func write(into out: inout PayloadWriter) {
        switch self {
        case .null: out.null()
        case .bool(let b): out.bool(b)
        case .int(let i): out.int(i)
        case .double(let d): out.double(d)
        case .string(let s): out.string(s)
        case .range(let start, let end): out.range(start, end)
        case .table(let array, let fields, let mutable):
            out.table(arrayCount: array.count, fieldCount: fields.count, mutable: mutable)
            for item in array { item.write(into: &out) }
            for (key, value) in fields {
                out.key(key)
                value.write(into: &out)
            }
        case .reference(let collection, let key): out.reference(selector: collection.rawValue, key: key)
        case .inventoryRoot: out.reference(selector: 0, key: "")
        }
    }
}
