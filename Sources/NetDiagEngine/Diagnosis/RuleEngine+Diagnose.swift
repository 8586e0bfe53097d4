import CLua
import CLuaShim
import NetDiagModel

extension RuleEngine {
    /// Makes `ctx.inventory` read this inventory. Views built for a previous one are dropped.
    public func bind(_ index: InventoryIndex) throws(EngineError) {
        host.views = InventoryViews(index)
        nd_trim_heap()
        let base = lua.top
        defer { lua.setTop(base) }
        lua_createtable(lua.L, Int32(InventoryCollection.allCases.count), 0)
        let lookups = lua.top
        lua_createtable(lua.L, 0, Int32(InventoryCollection.allCases.count))
        let root = lua.top
        for collection in InventoryCollection.allCases {
            guard nd_push_lazy_collection(lua.L, hostCallback, host.opaque, collection.rawValue) == LUA_OK else {
                throw .interpreter(lua.popMessage())
            }
            lua_pushvalue(lua.L, -1)
            lua_rawseti(lua.L, lookups, lua_Integer(collection.rawValue))
            lua.pushString(collection.luaName)
            lua_rotate(lua.L, -2, 1)
            lua_rawset(lua.L, root)
        }
        lua_pushvalue(lua.L, root)
        guard nd_readonly(lua.L) == LUA_OK else { throw .interpreter(lua.popMessage()) }
        lua_rawseti(lua.L, lookups, 0)
        lua_pushvalue(lua.L, lookups)
        lua_setfield(lua.L, nd_registry_index(), Self.lookupsKey)
        boundIndex = index
    }

    /// Runs every applicable rule on the request. Throws only when the objects cannot be
    /// resolved or no inventory is bound; a broken rule becomes an `error` finding.
    public func diagnose(_ request: DiagnosisRequest, only ruleIds: Set<String>? = nil) throws(EngineError) -> Diagnosis {
        guard let index = boundIndex else { throw .interpreter("no inventory is bound to the engine") }
        let source = try Endpoint.resolve(request.source, in: index)
        let destination = try Endpoint.resolve(request.destination, in: index)
        host.logs = []
        let base = lua.top
        defer { lua.setTop(base) }
        lua.pushRegistry(Self.lookupsKey)
        let context = DiagnosisContext.payload(request, source: source, destination: destination, index: index)
        if let message = lua.push(context, lookups: lua.top) { throw .interpreter(message) }
        let ctx = lua.top
        lua.pushRegistry(Self.checksKey)
        let checks = lua.top
        lua.pushRegistry(Self.appliesKey)
        let applies = lua.top
        lua.pushRegistry(Self.runnerKey)
        let runner = lua.top
        lua.pushRegistry(Self.notApplicableKey)
        let notApplicable = lua.top
        var findings: [Finding] = []
        findings.reserveCapacity(rules.count)
        for (position, rule) in rules.enumerated() {
            if let ruleIds, !ruleIds.contains(rule.id) { continue }
            guard Self.applies(rule, source: source, destination: destination) else { continue }
            let slot = lua_Integer(slots[position])
            // One protected call runs the rule's applies (when it has one), then its check.
            lua_pushvalue(lua.L, runner)
            lua_rawgeti(lua.L, applies, slot)
            lua_rawgeti(lua.L, checks, slot)
            lua_pushvalue(lua.L, ctx)
            let (status, limit) = protectedCall(nargs: 3, nresults: 1)
            if status != LUA_OK {
                findings.append(brokenRule(rule, status: status, limit: limit))
                continue
            }
            if lua_rawequal(lua.L, -1, notApplicable) != 0 {
                lua.pop()
                continue
            }
            findings.append(contentsOf: FindingReader.findings(from: lua.value(at: -1), rule: rule))
            lua.pop()
        }
        return Diagnosis(request: request, findings: findings, logs: host.logs)
    }

    /// Streams log lines as rules write them (for `--verbose`); they are kept in the diagnosis too.
    public func onLog(_ sink: ((String) -> Void)?) { host.logSink = sink }

    /// Whether a rule's declared side and object types fit the path's objects.
    static func applies(_ rule: Rule, source: Endpoint, destination: Endpoint) -> Bool {
        switch rule.side {
        case .source: rule.objects.contains(source.kind.rawValue)
        case .destination: rule.objects.contains(destination.kind.rawValue)
        case .network, .return:
            rule.objects.contains(source.kind.rawValue) || rule.objects.contains(destination.kind.rawValue)
        }
    }

    private func brokenRule(_ rule: Rule, status: Int32, limit: SandboxLimitHit?) -> Finding {
        let message = lua.popMessage()
        let reason = limit?.reason ?? HostReason.ruleError
        // The first line is Lua's error (file:line: what); the traceback goes to the evidence.
        let firstLine = message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? message
        return Finding(rule: rule, status: .error, reason: reason,
                       message: limit.map { "\(rule.file): \($0.message)" } ?? firstLine,
                       evidence: ["file": .string(rule.file), "traceback": .string(message)],
                       suggestion: "Fix the rule file \(rule.file); the other rules still ran.")
    }
}
