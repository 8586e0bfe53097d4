import Testing
import NetDiagEngine
import NetDiagModel

/// Work a rule does in C (the pattern matcher, the string and table functions) is bounded by
/// the wall-clock limit: the rule ends with RULE_TIMEOUT, the other rules report as they would
/// have, and the engine goes on serving diagnoses.
@Suite struct DeadlineTests {
    static let limit = Duration.milliseconds(300)
    /// Generous: the point is that the call ends at all (without the limit these run for hours).
    static let bound = limit + .seconds(5)
    static let others = [
        "b-healthy.lua": SandboxTests.healthy.replacingOccurrences(of: "\"healthy\"", with: "\"b-healthy\""),
        "c-reader.lua": EngineFixtures.rule("c-reader", check: """
            return pass{ reason = "OK", message = ctx.path.protocol .. " " .. ctx.path.port .. " " .. net.ip(ctx.destination.ip).lo }
            """),
    ]

    /// Runs the attacker among the other rules, twice in one engine; returns the attacker's
    /// findings, and checks the others against a run without it.
    private func run(_ body: String, limits: SandboxLimits = SandboxLimits(timeLimit: limit)) throws -> [Finding] {
        let clean = try EngineFixtures.diagnose(Self.others, limits: limits).1.findings
        var files = Self.others
        files["a-attacker.lua"] = EngineFixtures.rule("a-attacker", check: body + "\nreturn pass{ reason = 'OK', message = 'ran' }")
        let engine = try RuleEngine(folders: [EngineFixtures.folder(files)], limits: limits)
        try engine.bind(InventoryIndex(EngineFixtures.inventory))
        var attacker: [Finding] = []
        for _ in 0..<2 {
            let started = ContinuousClock.now
            let diagnosis = try engine.diagnose(EngineFixtures.request)
            #expect(ContinuousClock.now - started < Self.bound)
            attacker.append(try #require(diagnosis.finding("a-attacker")))
            #expect(diagnosis.findings.filter { $0.rule != "a-attacker" } == clean)
        }
        return attacker
    }

    private func expectTimeout(_ findings: [Finding]) {
        for f in findings {
            #expect(f.status == .error)
            #expect(f.reason == "RULE_TIMEOUT", "\(f.reason): \(f.message)")
            #expect(f.message.contains("time limit of 300 ms exceeded"), "\(f.message)")
        }
    }

    @Test(arguments: [
        // The issue's pattern: backtracking in the matcher, where no instruction hook fires.
        #"string.find(string.rep("a", 20000), string.rep(".-", 12) .. "b")"#,
        #"string.match(string.rep("a", 20000), string.rep("a-", 12) .. "b")"#,
        #"for _ in string.gmatch(string.rep("a", 20000), string.rep(".-", 12) .. "b") do end"#,
        #"string.gsub(string.rep("a", 20000), string.rep(".-", 12) .. "b", "")"#,
        #"("a"):rep(20000):find(("a-"):rep(12) .. "b")"#,
        // A plain search that compares a 4 MiB needle at every position of a 16 MiB haystack.
        #"string.find(string.rep("a", 16 << 20), string.rep("a", 4 << 20) .. "b", 1, true)"#,
        // Element loops whose count the rule picks.
        "table.move({}, 1, 1 << 40, 1)",
        "table.insert(setmetatable({}, { __len = function() return 1 << 40 end }), 1, 'x')",
        "table.remove(setmetatable({}, { __len = function() return 1 << 40 end }), 1)",
        // A C comparator (select(97, 97) is false): a big sort without a single Lua instruction.
        "table.sort({ string.byte(string.rep('a', 900000), 1, -1) }, select)",
        // A C __index, so no Lua instruction runs per element either.
        "table.concat(setmetatable({}, { __index = rawlen }), '', 1, 1 << 40)",
    ])
    func longWorkInCEndsWithTimeout(body: String) throws {
        expectTimeout(try run(body))
    }

    @Test func pcallCannotCatchALimit() throws {
        expectTimeout(try run("""
            local pattern = string.rep(".-", 12) .. "b"
            while true do
              pcall(string.find, string.rep("a", 20000), pattern)
              xpcall(string.find, function() return "caught" end, string.rep("a", 20000), pattern)
            end
            """))
        let budget = try run("while true do pcall(function() while true do end end) end",
                             limits: SandboxLimits(instructionBudget: 200_000, timeLimit: Self.limit))
        #expect(budget.allSatisfy { $0.reason == "RULE_INSTRUCTION_LIMIT" })
    }

    @Test func loadingAHugeChunkIsBounded() throws {
        let findings = try run("local f = load(string.rep('local a = 1 ', 4 << 20))")
        for f in findings { #expect(["RULE_TIMEOUT", "RULE_MEMORY_LIMIT", "OK"].contains(f.reason), "\(f.message)") }
    }

    @Test func anEmptyRepetitionIsInstant() throws {
        let findings = try run("assert(string.rep('', 1 << 50) == '' and string.rep('', 1 << 50, '') == '')")
        #expect(findings.allSatisfy { $0.status == .pass })
    }

    @Test(arguments: [
        (#"string.format("%" .. string.rep("9", 40) .. "d", 1)"#, "invalid format (too long)"),
        (#"string.format("%999d", 1)"#, "invalid conversion specification: '%999d'"),
        (#"string.format("%.999f", 1)"#, "invalid conversion specification: '%.999f'"),
    ])
    func hugeFormatWidthsAreRefused(body: String, expected: String) throws {
        let findings = try run(body)
        #expect(findings.allSatisfy { $0.reason == "RULE_ERROR" && $0.message.contains(expected) }, "\(findings.map(\.message))")
    }

    @Test func theWidestFormatStillWorks() throws {
        let findings = try run(#"assert(#string.format("%99d", 1) == 99 and #string.format("%99.99f", 1e308) > 300)"#)
        #expect(findings.allSatisfy { $0.status == .pass }, "\(findings.map(\.message))")
    }

    @Test(arguments: [
        "local t = setmetatable({}, {}); getmetatable(t).__index = function(s, k) return s[k] end; local _ = t.x",
        "local a, b = {}, {}; setmetatable(a, { __index = b }); setmetatable(b, { __index = a }); local _ = a.x",
        "local t; t = setmetatable({}, { __lt = function(x, y) return x < y end }); local _ = t < t",
        "local t; t = setmetatable({}, { __tostring = function(x) return tostring(x) end }); local _ = tostring(t)",
        "local t; t = setmetatable({}, { __concat = function(x, y) return x .. y end }); local _ = t .. 'x'",
    ])
    func deepRecursionThroughMetamethodsIsAnError(body: String) throws {
        for f in try run(body) {
            #expect(f.status == .error)
            #expect(["RULE_ERROR", "RULE_INSTRUCTION_LIMIT", "RULE_MEMORY_LIMIT"].contains(f.reason), "\(f.reason)")
        }
    }

    /// Not exposed: a coroutine would be one more place to catch a limit's error.
    @Test func coroutinesAreNotAvailable() throws {
        for f in try run("coroutine.wrap(function() while true do end end)()") {
            #expect(f.reason == "RULE_ERROR")
            #expect(f.message.contains("global 'coroutine'"))
        }
    }

    @Test func finalizersAreRefused() throws {
        for f in try run("setmetatable({}, { __gc = function() while true do end end })") {
            #expect(f.reason == "RULE_ERROR")
            #expect(f.message.contains("__gc metamethods are not available"))
        }
    }

    @Test func randomnessIsNotAvailable() throws {
        for f in try run("math.randomseed(1)") {
            #expect(f.reason == "RULE_ERROR")
            #expect(f.message.contains("field 'randomseed'"))
        }
    }

    @Test func aRuntawayTopLevelIsStoppedAtLoad() throws {
        let folder = try EngineFixtures.folder([
            "spin.lua": #"string.find(string.rep("a", 20000), string.rep(".-", 12) .. "b")"#,
            "healthy.lua": SandboxTests.healthy,
        ])
        let started = ContinuousClock.now
        let engine = try RuleEngine(folders: [folder], limits: SandboxLimits(timeLimit: Self.limit))
        #expect(ContinuousClock.now - started < Self.bound)
        #expect(engine.rules.map(\.id) == ["healthy"])
        #expect(engine.problems.first?.message.contains("time limit of 300 ms exceeded") == true)
    }
}
