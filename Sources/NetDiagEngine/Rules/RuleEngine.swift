import CLua
import CLuaShim
import Foundation
import NetDiagModel

/// Compiles rule files once in a sandboxed interpreter and runs them on diagnoses.
/// Not thread-safe: create one engine per thread (each has its own interpreter).
public final class RuleEngine {
    /// The rules that loaded, in report order (side, then `order`, then id).
    public private(set) var rules: [Rule] = []
    /// The files that did not load, and why.
    public private(set) var problems: [RuleProblem] = []
    public let limits: SandboxLimits

    let lua: LuaState
    let host: CallbackHost
    /// Registry slot of each loaded rule's check/applies functions, by rule position.
    var slots: [Int32] = []
    var boundIndex: InventoryIndex?
    /// The destination of the last diagnosis, whose `ctx.destination` table is kept under
    /// `destinationKey`: scans diagnose many packets to one destination in a row, and the table
    /// is read-only, so the next diagnosis to it reuses it instead of building it again.
    var lastDestination: (text: String, endpoint: Endpoint)?
    static let destinationKey = "netdiag.lastDestination"
    /// Rule positions of the `only` sets asked for lately (see `positions(of:)`).
    var onlyPositions: [(ids: Set<String>, positions: [Int])] = []
    static let checksKey = "netdiag.checks"
    static let appliesKey = "netdiag.applies"
    static let lookupsKey = "netdiag.lookups"
    /// Library tables by name, as library code sees them, and as rules do (their rule faces).
    static let librariesKey = "netdiag.libraries"
    static let ruleLibrariesKey = "netdiag.ruleLibraries"
    static let ruleNetKey = "netdiag.ruleNet"
    static let runnerKey = "netdiag.runner"
    static let notApplicableKey = "netdiag.notApplicable"

    /// Loads and validates every source. A file that fails becomes a problem; the rest load.
    public init(sources: [RuleSource], limits: SandboxLimits = SandboxLimits()) throws(EngineError) {
        self.limits = limits
        lua = try LuaState()
        host = CallbackHost(keys: lua.keys)
        try installPrelude()
        lua_createtable(lua.L, Int32(sources.count), 0)
        lua_setfield(lua.L, nd_registry_index(), Self.checksKey)
        lua_createtable(lua.L, Int32(sources.count), 0)
        lua_setfield(lua.L, nd_registry_index(), Self.appliesKey)
        var loaded: [(Rule, Int32)] = []
        var seen: [String: Rule] = [:]
        for key in [Self.librariesKey, Self.ruleLibrariesKey] {
            lua_createtable(lua.L, 0, 4)
            lua_setfield(lua.L, nd_registry_index(), key)
        }
        for source in sources where source.libraryName != nil {
            if let problem = loadLibrary(source) { problems.append(problem) }
        }
        for source in sources where source.libraryName == nil {
            switch load(source, slot: Int32(loaded.count + 1)) {
            case .failure(let problem): problems.append(problem)
            case .success(let rule):
                if let earlier = seen[rule.id] {
                    problems.append(RuleProblem(file: source.path, message:
                        "duplicate rule id '\(rule.id)' (already defined in \(earlier.file))"))
                    continue
                }
                seen[rule.id] = rule
                loaded.append((rule, Int32(loaded.count + 1)))
            }
        }
        loaded.sort { ($0.0.side, $0.0.order, $0.0.id) < ($1.0.side, $1.0.order, $1.0.id) }
        rules = loaded.map(\.0)
        slots = loaded.map(\.1)
        host.ruleIds = [String](repeating: "", count: sources.count + 1)
        for (rule, slot) in loaded { host.ruleIds[Int(slot)] = rule.id }
    }

    /// Convenience: load every rule below the folders.
    public convenience init(folders: [String], limits: SandboxLimits = SandboxLimits()) throws {
        try self.init(sources: RuleDirectory.load(folders), limits: limits)
    }

    /// The rule with this id, or nil.
    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }

    /// Peak memory the interpreter has held, in bytes.
    public var memoryPeak: Int { lua.memoryPeak }

    private func installPrelude() throws(EngineError) {
        guard let url = Bundle.module.url(forResource: "net", withExtension: "lua", subdirectory: "Prelude"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw .interpreter("the prelude net.lua is missing from the bundle")
        }
        guard nd_push_rule_env(lua.L) == LUA_OK else { throw .interpreter(lua.popMessage()) }
        let env = lua.top
        if let message = lua.load(text, chunkName: "@prelude/net.lua") { throw .interpreter(message) }
        lua_pushvalue(lua.L, env)
        lua_setupvalue(lua.L, -2, 1)
        guard lua.call(nargs: 0, nresults: 1) == LUA_OK else { throw .interpreter(lua.popMessage()) }
        guard lua.rawField("net", in: -1) == LUA_TTABLE else {
            throw .interpreter("the prelude did not return its net table")
        }
        if let problem = freeze(exports: lua.top, env: env, file: "prelude/net.lua") { throw .interpreter(problem.message) }
        guard nd_push_rule_face(lua.L, -1) == LUA_OK else { throw .interpreter(lua.popMessage()) }
        lua_setfield(lua.L, nd_registry_index(), Self.ruleNetKey)
        lua.pop()
        for (field, key) in [("run_rule", Self.runnerKey), ("not_applicable", Self.notApplicableKey)] {
            lua.rawField(field, in: -1)
            lua_setfield(lua.L, nd_registry_index(), key)
        }
        lua_setfield(lua.L, nd_registry_index(), "netdiag.prelude")
        lua.pop()
    }

    /// Freezes what a library exposes and then its environment, so that no call can change
    /// what the next one sees.
    private func freeze(exports: Int32, env: Int32, file: String) -> RuleProblem? {
        guard nd_freeze(lua.L, exports) == LUA_OK, nd_finish_rule_env(lua.L, env) == LUA_OK else {
            return RuleProblem(file: file, message: lua.popMessage())
        }
        lua.pop()
        guard nd_freeze(lua.L, env) == LUA_OK else { return RuleProblem(file: file, message: lua.popMessage()) }
        return nil
    }

    /// Pushes a fresh environment with the prelude, the libraries loaded so far (their rule
    /// faces for a rule, the tables themselves for a library) and a `log` that tags lines with
    /// `slot`'s rule; returns nil or the failure.
    private func pushEnvironment(for source: RuleSource, slot: Int32) -> RuleProblem? {
        let forRule = source.libraryName == nil
        guard nd_push_rule_env(lua.L) == LUA_OK else {
            return RuleProblem(file: source.path, message: lua.popMessage())
        }
        let env = lua.top
        lua.pushRegistry("netdiag.prelude")
        for name in ["net", "pass", "fail", "warn", "skip"] {
            lua.rawField(name, in: -1)
            lua_rawset_string(env, name)
        }
        lua.pop()
        if forRule {
            lua.pushRegistry(Self.ruleNetKey)
            lua_rawset_string(env, "net")
        }
        lua.pushRegistry(forRule ? Self.ruleLibrariesKey : Self.librariesKey)
        lua_pushnil(lua.L)
        while lua_next(lua.L, -2) != 0 {
            lua_pushvalue(lua.L, -2)
            lua_rotate(lua.L, -2, 1)
            lua_rawset(lua.L, env)
        }
        lua.pop()
        guard nd_push_callback(lua.L, hostCallback, host.opaque, -slot) == LUA_OK else {
            return RuleProblem(file: source.path, message: lua.popMessage())
        }
        lua_pushvalue(lua.L, -1)
        lua_rawset_string(env, "print")
        lua_rawset_string(env, "log")
        return nil
    }

    /// Compiles a file and runs its top level in the environment on top of the stack, under
    /// the sandbox limits, keeping `nresults` results.
    private func runChunk(_ source: RuleSource, env: Int32, nresults: Int32) -> RuleProblem? {
        if let message = lua.load(source.text, chunkName: "@" + source.path) {
            return Self.problem(fromLuaMessage: message, file: source.path)
        }
        lua_pushvalue(lua.L, env)
        lua_setupvalue(lua.L, -2, 1)
        let (status, limit) = protectedCall(nargs: 0, nresults: nresults)
        if status != LUA_OK {
            let message = lua.popMessage()
            return Self.problem(fromLuaMessage: limit?.message ?? message, file: source.path)
        }
        return nil
    }

    /// Loads a helper library: its file returns a table, frozen with its environment and shared
    /// by every rule.
    private func loadLibrary(_ source: RuleSource) -> RuleProblem? {
        let reserved: Set = ["net", "pass", "fail", "warn", "skip", "log", "print", "string", "table", "math",
                             "utf8", "load", "check", "applies", "ctx"]
        let name = source.libraryName!
        guard name.range(of: "^[a-z_][a-z0-9_]*$", options: .regularExpression) != nil, !reserved.contains(name) else {
            return RuleProblem(file: source.path, message: "library name '\(name)' must be a lower-case Lua identifier that is not a built-in global")
        }
        let base = lua.top
        defer { lua.setTop(base) }
        if let problem = pushEnvironment(for: source, slot: 0) { return problem }
        let env = lua.top
        if let problem = runChunk(source, env: env, nresults: 1) { return problem }
        guard lua.type(at: -1) == LUA_TTABLE else {
            return RuleProblem(file: source.path, message: "a library file must return a table of helpers")
        }
        if let problem = freeze(exports: lua.top, env: env, file: source.path) { return problem }
        guard nd_push_rule_face(lua.L, -1) == LUA_OK else { return RuleProblem(file: source.path, message: lua.popMessage()) }
        for key in [Self.ruleLibrariesKey, Self.librariesKey] {
            lua.pushRegistry(key)
            lua_rotate(lua.L, -2, 1)
            lua_setfield(lua.L, -2, name)
            lua.pop()
        }
        return nil
    }

    /// Compiles one file into its own environment, runs its top level under the sandbox
    /// limits, and validates its declarations.
    private func load(_ source: RuleSource, slot: Int32) -> Result<Rule, RuleProblem> {
        let base = lua.top
        defer { lua.setTop(base) }
        if let problem = pushEnvironment(for: source, slot: slot) { return .failure(problem) }
        let env = lua.top
        if let problem = runChunk(source, env: env, nresults: 0) { return .failure(problem) }
        guard nd_finish_rule_env(lua.L, env) == LUA_OK else {
            return .failure(RuleProblem(file: source.path, message: lua.popMessage()))
        }
        let reader = RuleMetadataReader(lua: lua, file: source.path, env: env, lines: lua.top)
        let result = reader.read()
        if case .success = result {
            for (field, key) in [("check", Self.checksKey), ("applies", Self.appliesKey)] {
                lua.pushRegistry(key)
                lua.rawField(field, in: env)
                lua_rawseti(lua.L, -2, lua_Integer(slot))
                lua.pop()
            }
        }
        return result
    }

    /// Pops the value on top into `table[name]` (a plain table, so no metamethod runs).
    private func lua_rawset_string(_ table: Int32, _ name: String) {
        lua.pushString(name)
        lua_rotate(lua.L, -2, 1)
        lua_rawset(lua.L, table)
    }

    /// Calls the function on the stack with every sandbox limit in force. Returns the status
    /// and, when a limit stopped the call, which.
    func protectedCall(nargs: Int32, nresults: Int32) -> (Int32, SandboxLimitHit?) {
        nd_set_instruction_budget(lua.L, Int64(limits.instructionBudget))
        nd_set_time_limit(lua.L, limits.timeLimitNanoseconds)
        // Outside calls there is no cap: an allocation failure there would end in Lua's panic.
        let used = lua.memoryUsed
        nd_set_memory_limit(lua.L, limits.cap(whenHolding: used))
        let status = lua.call(nargs: nargs, nresults: nresults)
        let code = nd_limit_hit(lua.L)
        nd_set_memory_limit(lua.L, 0)
        nd_set_instruction_budget(lua.L, 0)
        nd_set_time_limit(lua.L, 0)
        guard status != LUA_OK else { return (status, nil) }
        let interpreterFull = limits.memoryPerInterpreter != 0 && limits.cap(whenHolding: used) == limits.memoryPerInterpreter
        return (status, SandboxLimitHit(code: code, limits: limits, interpreterFull: interpreterFull))
    }

    /// Splits `chunk:line: message` as Lua reports compile and runtime errors. Lua shortens
    /// long chunk names (`...tail/of/path.lua`), so the file is taken from `file`, not the text.
    static func problem(fromLuaMessage message: String, file: String) -> RuleProblem {
        if let match = message.firstMatch(of: #/^[^\n]*?:(\d+): /#), let line = Int(match.1) {
            return RuleProblem(file: file, line: line, message: String(message[match.range.upperBound...]))
        }
        return RuleProblem(file: file, message: message)
    }
}
