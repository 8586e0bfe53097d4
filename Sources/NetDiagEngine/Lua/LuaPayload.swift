/// A value on its way into Lua, in the byte format `nd_push_encoded` decodes. Built by
/// `LuaPayloadEncoder` from model values, or by hand for per-diagnosis contexts.
enum LuaPayload {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
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

    /// The wire bytes.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(UInt8(ascii: "n"))
        case .bool(let b): out.append(UInt8(ascii: b ? "t" : "f"))
        case .int(let i):
            out.append(UInt8(ascii: "i"))
            withUnsafeBytes(of: Int64(i).littleEndian) { out.append(contentsOf: $0) }
        case .double(let d):
            out.append(UInt8(ascii: "d"))
            withUnsafeBytes(of: d.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        case .string(let s):
            out.append(UInt8(ascii: "s"))
            Self.writeString(s, into: &out)
        case .table(let array, let fields, let mutable):
            out.append(UInt8(ascii: mutable ? "M" : "T"))
            Self.writeU32(array.count, into: &out)
            Self.writeU32(fields.count, into: &out)
            for item in array { item.write(into: &out) }
            for (key, value) in fields {
                out.append(UInt8(ascii: "s"))
                Self.writeString(key, into: &out)
                value.write(into: &out)
            }
        case .reference(let collection, let key):
            out.append(UInt8(ascii: "L"))
            Self.writeU32(Int(collection.rawValue), into: &out)
            Self.writeString(key, into: &out)
        case .inventoryRoot:
            out.append(UInt8(ascii: "L"))
            Self.writeU32(0, into: &out)
            Self.writeU32(0, into: &out)
        }
    }

    private static func writeU32(_ n: Int, into out: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(n).littleEndian) { out.append(contentsOf: $0) }
    }

    private static func writeString(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { utf8 in
            writeU32(utf8.count, into: &out)
            out.append(contentsOf: utf8)
        }
    }
}
