import CLua
import CLuaShim

/// One sandboxed Lua interpreter. Not thread-safe: use one per thread.
/// Every call into Lua goes through a protected shim entry point and returns a status.
final class LuaState {
    let L: OpaquePointer
    /// The field names sent to this interpreter (see `PayloadKeys`).
    let keys = PayloadKeys()
    private lazy var writer = PayloadWriter(keys: keys)

    init(memoryLimit: Int = 0) throws(EngineError) {
        guard let state = nd_open(memoryLimit) else {
            throw EngineError.interpreter("could not create a Lua interpreter (out of memory)")
        }
        L = state
    }

    deinit { nd_close(L) }

    var top: Int32 { lua_gettop(L) }
    func setTop(_ index: Int32) { lua_settop(L, index) }
    func pop(_ n: Int32 = 1) { nd_pop(L, n) }
    var memoryUsed: Int { nd_memory_used(L) }
    var memoryPeak: Int { nd_memory_peak(L) }

    /// Compiles a text chunk and pushes the function; on failure returns the message.
    func load(_ source: String, chunkName: String) -> String? {
        var source = source
        let status = source.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                nd_load_text(L, chars.baseAddress, chars.count, chunkName)
            }
        }
        return status == LUA_OK ? nil : popMessage()
    }

    /// Calls the function below `nargs` arguments with a traceback handler.
    func call(nargs: Int32, nresults: Int32) -> Int32 { nd_pcall(L, nargs, nresults) }

    /// Pops the error message (or any value) on top as a string.
    func popMessage() -> String {
        let text = string(at: -1) ?? "(error object is not a string)"
        pop()
        return text
    }

    /// The string at `index`, without converting numbers (conversion could raise).
    func string(at index: Int32) -> String? {
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let chars = nd_tostring(L, index, &length) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: chars, count: length), as: UTF8.self)
    }

    func type(at index: Int32) -> Int32 { lua_type(L, index) }

    func pushString(_ s: String) { lua_pushstring(L, s) }

    /// Pushes a payload; `lookups` is the stack index of the lazy collections table, or 0.
    func push(_ payload: LuaPayload, lookups: Int32 = 0) -> String? {
        writer.reset()
        payload.write(into: &writer)
        let status = writer.bytes.withUnsafeBufferPointer { nd_push_encoded(L, $0.baseAddress, $0.count, lookups) }
        return status == LUA_OK ? nil : popMessage()
    }

    /// Pushes `registry[key]`.
    func pushRegistry(_ key: String) { lua_getfield(L, nd_registry_index(), key) }

    /// Pops the value on top into `registry[key]`.
    func setRegistry(_ key: String) -> String? {
        nd_rawset_field(L, nd_registry_index(), key) == LUA_OK ? nil : popMessage()
    }

    /// Pops the value on top into `table[key]` (raw).
    func setField(_ key: String, in table: Int32) -> String? {
        nd_rawset_field(L, table, key) == LUA_OK ? nil : popMessage()
    }

    /// Pushes `table[key]` without metamethods and returns its type. Outside a protected call
    /// an allocation failure here ends in Lua's panic (an abort), never in a longjmp into Swift.
    @discardableResult
    func rawField(_ key: String, in table: Int32) -> Int32 {
        guard lua_type(L, table) == LUA_TTABLE else { lua_pushnil(L); return LUA_TNIL }
        nd_push_contents(L, table)
        lua_pushstring(L, key)
        let type = lua_rawget(L, -2)
        lua_rotate(L, -2, 1)
        pop()
        return type
    }

    /// Reads the value at `index` as data. Tables become arrays when their keys are 1…n,
    /// objects otherwise; functions and other values become their type name in angle brackets.
    func value(at index: Int32, depth: Int = 0) -> DataValue {
        let index = lua_absindex(L, index)
        switch lua_type(L, index) {
        case LUA_TNIL: return .null
        case LUA_TBOOLEAN: return .bool(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if nd_is_integer(L, index) != 0 { return .int(Int(lua_tointegerx(L, index, nil))) }
            return .double(lua_tonumberx(L, index, nil))
        case LUA_TSTRING: return .string(string(at: index) ?? "")
        case LUA_TTABLE:
            guard depth < 16, lua_checkstack(L, 4) != 0 else { return .string("<nested too deeply>") }
            var array: [Int: DataValue] = [:]
            var object: [String: DataValue] = [:]
            // Library values are frozen tables (and views read-only proxies): read their contents.
            nd_push_contents(L, index)
            let contents = lua_gettop(L)
            defer { pop() }
            lua_pushnil(L)
            while lua_next(L, contents) != 0 {
                let value = value(at: -1, depth: depth + 1)
                if lua_type(L, -2) == LUA_TNUMBER, nd_is_integer(L, -2) != 0 {
                    array[Int(lua_tointegerx(L, -2, nil))] = value
                } else if let key = string(at: -2) {
                    object[key] = value
                }
                pop()
            }
            if object.isEmpty, !array.isEmpty, array.keys.sorted() == Array(1...array.count) {
                return .array((1...array.count).map { array[$0]! })
            }
            for (k, v) in array { object[String(k)] = v }
            return .object(object)
        default:
            return .string("<\(String(cString: lua_typename(L, lua_type(L, index))))>")
        }
    }
}
