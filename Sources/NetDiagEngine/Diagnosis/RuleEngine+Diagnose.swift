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
        lastDestination = nil
    }

    /// Runs every applicable rule on the request. Throws only when the objects cannot be
    /// resolved or no inventory is bound; a broken rule becomes an `error` finding.
    public func diagnose(_ request: DiagnosisRequest, only ruleIds: Set<String>? = nil) throws(EngineError) -> Diagnosis {
        guard let index = boundIndex else { throw .interpreter("no inventory is bound to the engine") }
        let source = try Endpoint.resolve(request.source, in: index)
        let base = lua.top
        defer { lua.setTop(base) }
        lua.pushRegistry(Self.lookupsKey)
        let lookups = lua.top
        let destination = try pushDestination(request.destination, index: index, lookups: lookups)
        host.logs = []
        let context = DiagnosisContext.payload(request, source: source, index: index)
        if let message = lua.push(context, lookups: lookups) { throw .interpreter(message) }
        let ctx = lua.top
        // The context was built with a placeholder in `destination`; replacing the value of an
        // existing key neither allocates nor moves the field.
        nd_push_contents(lua.L, ctx)
        lua.pushString("destination")
        lua_pushvalue(lua.L, destination.table)
        lua_rawset(lua.L, -3)
        lua.pop()
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
        for position in ruleIds.map(positions(of:)) ?? Array(rules.indices) {
            let rule = rules[position]
            guard Self.applies(rule, source: source, destination: destination.endpoint) else { continue }
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

    /// The positions of the rules in `ids`, in report order. Scans ask for a few sets over and
    /// over, so the last ones are kept (comparing a set with itself is cheap).
    private func positions(of ids: Set<String>) -> [Int] {
        if let known = onlyPositions.first(where: { $0.ids == ids }) { return known.positions }
        let positions = rules.indices.filter { ids.contains(rules[$0].id) }
        if onlyPositions.count == 16 { onlyPositions.removeFirst() }
        onlyPositions.append((ids, positions))
        return positions
    }

    /// Resolves the destination and pushes its `ctx.destination` table: the one kept from the
    /// last diagnosis when it named the same destination of the same bound inventory, else a
    /// new one, which is kept in its place.
    private func pushDestination(_ text: String, index: InventoryIndex, lookups: Int32) throws(EngineError) -> (endpoint: Endpoint, table: Int32) {
        if let last = lastDestination, last.text == text {
            lua.pushRegistry(Self.destinationKey)
            if lua.type(at: -1) == LUA_TTABLE { return (last.endpoint, lua.top) }
            lua.pop()
        }
        lastDestination = nil
        let endpoint = try Endpoint.resolve(text, in: index)
        if let message = lua.push(DiagnosisContext.endpoint(endpoint, index: index), lookups: lookups) { throw .interpreter(message) }
        lua_pushvalue(lua.L, -1)
        if let message = lua.setRegistry(Self.destinationKey) { throw .interpreter(message) }
        lastDestination = (text, endpoint)
        return (endpoint, lua.top)
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
