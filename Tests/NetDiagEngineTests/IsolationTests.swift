import Foundation
import Testing
import NetDiagEngine
import NetDiagModel

/// One rule cannot change what another sees through the libraries they share: what a library
/// exposes is frozen, what its helpers return is the caller's own copy, and a library's
/// globals cannot change once it has loaded.
@Suite struct IsolationTests {
    /// A library with the shapes that leaked: an exposed constant table, a memoizing helper, a
    /// helper that calls back with its memoized entries, and one that writes a global at call time.
    static let library = """
        local M = {}
        M.thresholds = { cpuPercent = 90, nested = { deep = { value = 1 } } }
        local cache = {}
        function M.memo(key)
          local hit = cache[key]
          if not hit then hit = { value = 1, list = { 10, 20 } }; cache[key] = hit end
          return hit
        end
        local entries = { { value = 1, "x" }, { value = 2, "y" } }
        function M.each(visit)
          for _, e in ipairs(entries) do visit(e) end
        end
        function M.thresholds_table() return M.thresholds end
        function M.count() counter = (counter or 0) + 1; return counter end
        local graph = { v = 1 }
        graph.self, graph.left, graph.right = graph, { n = 1 }, nil
        graph.right = graph.left
        function M.graph() return graph end
        local object = setmetatable({}, { __index = { kind = "cached" } })
        function M.object() return object end
        function M.fail() error(cache["k"] or M.memo("k")) end
        function M.self() return M, net end
        return M
        """

    /// Reads everything the attacks aim at; its message changes if any of them got through.
    static let observer = EngineFixtures.rule("z-observer", check: """
        local ip, block = net.ip("10.0.1.11"), net.cidr("0.0.0.0/0")
        local sum = 0
        shared.each(function(e) sum = sum + e.value + #e end)
        local m = shared.memo("k")
        return pass{ reason = "OK", message = string.format("%d %d %d %d %d %d %d %d %d %s",
          net.ephemeral.start, shared.thresholds.cpuPercent, shared.thresholds.nested.deep.value,
          ip.lo, block.len, m.value, #m.list, sum, #net.uncovered({ start = 1, ["end"] = 10 }, {}),
          tostring(net.contains("10.0.0.0/8", "10.0.1.11"))) }
        """)
    static let intact = "1024 90 1 167772427 0 1 2 5 1 true"

    /// Diagnoses twice in one engine with the attacker (which runs first) and the observer.
    private func attacked(_ body: String) throws -> (attacker: Finding, observer: [Finding]) {
        let folder = try EngineFixtures.folder([
            "a-attacker.lua": EngineFixtures.rule("a-attacker", side: "source", check: body),
            "z-observer.lua": Self.observer,
        ])
        try FileManager.default.createDirectory(atPath: folder + "/lib", withIntermediateDirectories: true)
        try Self.library.write(toFile: folder + "/lib/shared.lua", atomically: true, encoding: .utf8)
        let engine = try RuleEngine(folders: [folder])
        #expect(engine.problems.isEmpty, "\(engine.problems)")
        try engine.bind(InventoryIndex(EngineFixtures.inventory))
        let started = ContinuousClock.now
        let first = try engine.diagnose(EngineFixtures.request)
        let second = try engine.diagnose(EngineFixtures.request)
        #expect(ContinuousClock.now - started < engine.limits.timeLimit * 2 + .seconds(5))
        return (try #require(first.finding("a-attacker")),
                [try #require(first.finding("z-observer")), try #require(second.finding("z-observer"))])
    }

    @Test(arguments: [
        ("net.ephemeral.start = 40000", "a-attacker.lua:10: attempt to modify read-only field 'start'"),
        ("shared.thresholds.cpuPercent = 1000", "a-attacker.lua:10: attempt to modify read-only field 'cpuPercent'"),
        ("shared.thresholds.nested.deep.value = 7", "a-attacker.lua:10: attempt to modify read-only field 'value'"),
        ("shared.thresholds_table().cpuPercent = 1000", "a-attacker.lua:10: attempt to modify read-only field 'cpuPercent'"),
        ("net.ip = function() return nil end", "a-attacker.lua:10: attempt to modify read-only field 'ip'"),
        ("setmetatable(net.ephemeral, {})", "cannot change a protected metatable"),
        ("local k, v = next(shared.thresholds)", "next cannot walk a read-only table"),
    ])
    func writesToWhatALibraryExposesFailNamingTheRuleLine(body: String, expected: String) throws {
        let (attacker, observer) = try attacked(body + "\nreturn pass{ reason = 'OK', message = 'wrote' }")
        #expect(attacker.status == .error)
        #expect(attacker.reason == "RULE_ERROR")
        #expect(attacker.message.contains(expected), "message was: \(attacker.message)")
        #expect(observer.allSatisfy { $0.status == .pass && $0.message == Self.intact }, "\(observer.map(\.message))")
    }

    /// Values a helper hands out are the caller's own: changing them changes nothing for anyone else.
    @Test(arguments: [
        "net.ip('10.0.1.11').lo = 0",
        "local b = net.cidr('0.0.0.0/0'); b.len = 33; b.mask_lo = -1",
        "local m = shared.memo('k'); m.value = 99; m.list[3] = 30; table.remove(m.list, 1)",
        "shared.each(function(e) e.value = 100 end)",
        "shared.each(table.remove)",
        "shared.each(setmetatable({}, { __call = function(_, e) e.value = 100 end }))",
        "local gaps = net.uncovered({ start = 1, ['end'] = 10 }, {}); gaps[1].start = 5; gaps[2] = {}",
        // The attacker's own code runs inside a helper (a metamethod it hands over): still a boundary.
        "net.holds(setmetatable({}, { __index = function(_, k) net.ip('10.0.1.11').lo = 0; return 0 end }), net.cidr('10.0.0.1'))",
        // A chunk named like the prelude is still rule code.
        "load('net.ip(\"10.0.1.11\").lo = 0; shared.memo(\"k\").value = 5', '=prelude/net.lua')()",
        "load('net.ip(\"10.0.1.11\").lo = 0', '@prelude/net.lua')()",
        "pcall(function() local f = net.ip; f('10.0.1.11').lo = 0 end)",
        // The library's own table, handed back by a helper or walked with pairs, is the rule's face of it.
        "local m, n = shared.self(); m.memo('k').value = 99; m.each(function(e) e.value = 100 end); n.ip('10.0.1.11').lo = 0",
        "for k, f in pairs(shared) do if k == 'memo' then f('k').value = 99 end end",
        // An error object a library raises is copied for the rule that catches it.
        "local ok, e = pcall(shared.fail); e.value = 50",
        "xpcall(shared.fail, function(e) e.value = 50 end)",
    ])
    func helperResultsArePrivateCopies(body: String) throws {
        let (attacker, observer) = try attacked(body + "\nreturn pass{ reason = 'OK', message = 'changed its copy' }")
        #expect(attacker.status == .pass, "attacker: \(attacker.message)")
        #expect(observer.allSatisfy { $0.status == .pass && $0.message == Self.intact }, "\(observer.map(\.message))")
    }

    @Test func aCopyStillReadsAndWritesLikeTheValue() throws {
        let (attacker, _) = try attacked("""
            local a, b = net.cidr("10.0.0.0/8"), net.cidr("10.0.1.11")
            assert(net.holds(a, b) and not net.holds(b, a))
            a.note = "mine"
            local m = shared.memo("k")
            m.list[#m.list + 1] = 30
            return pass{ reason = 'OK', message = a.len .. " " .. a.note .. " " .. #m.list }
            """)
        #expect(attacker.message == "8 mine 3")
    }

    /// A copy keeps the shape of what it copies: cycles, shared parts, metatables.
    @Test func aCopyKeepsCyclesSharedPartsAndMetatables() throws {
        let (attacker, _) = try attacked("""
            local g = shared.graph()
            assert(g.self == g and g.left == g.right and g ~= shared.graph())
            g.left.n = 5
            local o = shared.object()
            getmetatable(o).__index.kind = "changed"
            return pass{ reason = 'OK', message = shared.graph().right.n .. " " .. shared.object().kind .. " " .. o.kind }
            """)
        #expect(attacker.message == "1 cached changed")
    }

    @Test func aLibraryCannotKeepStateInItsGlobals() throws {
        let (attacker, observer) = try attacked("shared.count()\nreturn pass{ reason = 'OK', message = 'counted' }")
        #expect(attacker.status == .error)
        #expect(attacker.message.contains("shared.lua:14: attempt to modify read-only field 'counter'"), "\(attacker.message)")
        #expect(observer.allSatisfy { $0.message == Self.intact })
    }

    @Test func aLibraryExposingATableWithAMetatableIsRefused() throws {
        let folder = try EngineFixtures.folder(["healthy.lua": SandboxTests.healthy])
        try FileManager.default.createDirectory(atPath: folder + "/lib", withIntermediateDirectories: true)
        try "return { cache = setmetatable({}, { __mode = 'k' }) }"
            .write(toFile: folder + "/lib/weak.lua", atomically: true, encoding: .utf8)
        let engine = try RuleEngine(folders: [folder])
        #expect(engine.rules.map(\.id) == ["healthy"])
        let problem = try #require(engine.problems.first)
        #expect(problem.file.hasSuffix("lib/weak.lua"))
        #expect(problem.message.contains("plain tables only"))
    }

    /// The bundled rules on the fixture path give the same findings with or without a rule that
    /// attacks every library they use.
    @Test func bundledRulesAreUnchangedByAnAttacker() throws {
        let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("rules").path
        let attacker = try EngineFixtures.folder(["attacker.lua": EngineFixtures.rule("a-attacker", side: "source", check: """
            for _, s in ipairs({ "0.0.0.0/0", "10.0.1.10", "10.0.1.11", "10.0.1.0/24", "10.0.0.0/16" }) do
              local c = net.cidr(s); c.len = 33; c.lo = 0; c.mask_lo = 0
              local ip = net.ip(s); if ip then ip.lo = 0; ip.family = 6 end
            end
            pcall(function() net.ephemeral.start = 40000 end)
            pcall(function() guest.thresholds.cpuPercent = 0 end)
            pcall(function() cloud.CHOICES.x = 1 end)
            local groups = ctx.source.securityGroups
            for _, g in ipairs(groups) do
              for _, direction in ipairs({ "ingress", "egress" }) do
                pcall(function() for _, e in ipairs(secgroup.sorted(g, direction)) do e[3] = "udp"; e[4] = 9; e[5] = 9 end end)
              end
            end
            return pass{ reason = "OK", message = "attacked" }
            """)])
        let inventory = InventoryIndex(EngineFixtures.inventory)
        func findings(_ folders: [String]) throws -> [Finding] {
            let engine = try RuleEngine(folders: folders)
            try engine.bind(inventory)
            return try engine.diagnose(EngineFixtures.request).findings.filter { $0.rule != "a-attacker" }
        }
        let baseline = try findings([rules])
        #expect(baseline.count > 5)
        #expect(try findings([rules, attacker]) == baseline)
    }
}
