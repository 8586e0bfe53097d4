import CLuaShim
@testable import NetDiagEngine
import Testing

/// Views reach Lua as bytes; field names go by slot of a per-interpreter cache.
@Suite struct PayloadDecodingTests {
    private let record = LuaPayload.record([
        ("id", .string("sg-1")),
        ("rules", .list([.record([("priority", .int(1)), ("portRange", .record([("start", .int(22)), ("end", .int(22))]))])])),
    ])
    private let expected = DataValue.object([
        "id": .string("sg-1"),
        "rules": .array([.object(["priority": .int(1), "portRange": .object(["start": .int(22), "end": .int(22)])])]),
    ])

    /// Pushes bytes written with `keys` and reads the view back through `pairs`, as a rule would.
    private func roundTrip(_ payload: LuaPayload, on lua: LuaState, keys: PayloadKeys) throws -> DataValue {
        try evaluate("""
            local function copy(v)
              if type(v) ~= "table" then return v end
              local out = {}
              for k, x in pairs(v) do out[k] = copy(x) end
              return out
            end
            return copy(...)
            """, on: payload, lua: lua, keys: keys)
    }

    /// Runs `chunk` on the decoded view of `payload` and returns its result as data.
    private func evaluate(_ chunk: String, on payload: LuaPayload, lua: LuaState, keys: PayloadKeys) throws -> DataValue {
        let load = lua.load(chunk, chunkName: "=test")
        #expect(load == nil)
        var writer = PayloadWriter(keys: keys)
        payload.write(into: &writer)
        let status = writer.bytes.withUnsafeBufferPointer { nd_push_encoded(lua.L, $0.baseAddress, $0.count, 0) }
        #expect(status == 0)
        #expect(lua.call(nargs: 1, nresults: 1) == 0)
        defer { lua.pop() }
        return lua.value(at: -1)
    }

    @Test func fieldNamesSentBySlotDecodeAsSent() throws {
        let lua = try LuaState()
        #expect(try roundTrip(record, on: lua, keys: lua.keys) == expected)
        // The second time every name is taken from the cache.
        #expect(try roundTrip(record, on: lua, keys: lua.keys) == expected)
    }

    @Test func aSlotHoldingAnotherNameNeverGivesAWrongKey() throws {
        let lua = try LuaState()
        _ = try roundTrip(.record([("alpha", .int(1))]), on: lua, keys: PayloadKeys())
        // Another cache assigns slot 1 to a different name: the bytes, not the slot, decide.
        #expect(try roundTrip(.record([("beta", .int(2))]), on: lua, keys: PayloadKeys()) == .object(["beta": .int(2)]))
        #expect(try roundTrip(.record([("alpha", .int(3))]), on: lua, keys: PayloadKeys()) == .object(["alpha": .int(3)]))
    }

    @Test func portRangesAreSharedReadOnlyTables() throws {
        let lua = try LuaState()
        let view = LuaPayload.record([("a", .range(22, 22)), ("b", .range(22, 22)), ("c", .range(-1, -1)),
                                      ("odd", .range(5, 70_000))])
        #expect(try roundTrip(view, on: lua, keys: lua.keys) == .object([
            "a": .object(["start": .int(22), "end": .int(22)]), "b": .object(["start": .int(22), "end": .int(22)]),
            "c": .object(["start": .int(-1), "end": .int(-1)]), "odd": .object(["start": .int(5), "end": .int(70_000)]),
        ]))
        let check = """
            local v = ...
            local ok = pcall(function() v.a.start = 1 end)
            return { same = rawequal(v.a, v.b), distinct = not rawequal(v.a, v.c), writable = ok, start = v.a.start }
            """
        #expect(try evaluate(check, on: view, lua: lua, keys: lua.keys) == .object([
            "same": .bool(true), "distinct": .bool(true), "writable": .bool(false), "start": .int(22),
        ]))
    }

    @Test func namesPastTheCapacityTravelAsPlainStrings() {
        let keys = PayloadKeys()
        #expect((0..<PayloadKeys.capacity).allSatisfy { keys.slot("k\($0)") != nil })
        #expect(keys.slot("one too many") == nil)
        #expect(keys.slot("k0") == 1)
    }
}
