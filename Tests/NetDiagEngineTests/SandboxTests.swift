import Testing
import NetDiagEngine

/// Every escape a rule might try ends as an `error` finding naming the problem, and the
/// engine goes on to run the other rules.
@Suite struct SandboxTests {
    static let healthy = EngineFixtures.rule("healthy", check: #"return pass{ reason = "OK", message = "fine" }"#)

    private func run(_ body: String, limits: SandboxLimits = SandboxLimits()) throws -> (Finding, Finding) {
        let (_, diagnosis) = try EngineFixtures.diagnose([
            "escape.lua": EngineFixtures.rule("escape", check: body),
            "healthy.lua": Self.healthy,
        ], limits: limits)
        let escape = try #require(diagnosis.finding("escape"))
        let healthy = try #require(diagnosis.finding("healthy"))
        return (escape, healthy)
    }

    @Test(arguments: [
        ("io.open('/etc/passwd')", "global 'io'"),
        ("os.execute('true')", "global 'os'"),
        ("require('os')", "global 'require'"),
        ("dofile('/etc/passwd')", "global 'dofile'"),
        ("loadfile('/etc/passwd')", "global 'loadfile'"),
        ("string.dump(check)", "field 'dump'"),
        ("collectgarbage()", "global 'collectgarbage'"),
        ("debug.getinfo(1)", "global 'debug'"),
        ("package.loadlib('x', 'y')", "global 'package'"),
        ("rawset(ctx, 'x', 1)", "global 'rawset'"),
        ("assert(load('\\27LuaT\\0\\25\\147\\r\\n\\26\\n'))", "binary chunk"),
        ("getmetatable('').__index = {}", "index a boolean"),
        ("string.upper = nil", "read-only"),
        ("ctx.path.port = 80", "read-only"),
        ("ctx.inventory.instances['i-a'].status = 'Stopped'", "read-only"),
        ("local k, backing = next(ctx.path); backing.port = 80", "next cannot walk a read-only table"),
        ("local f, s = pairs(ctx.source); rawget(s, 'kind')", "table expected, got nil"),
    ])
    func escapeIsAnError(body: String, expected: String) throws {
        let (escape, healthy) = try run(body + "\nreturn pass{ reason = 'OK', message = 'escaped' }")
        #expect(escape.status == .error)
        #expect(escape.reason == "RULE_ERROR")
        #expect(escape.message.contains(expected), "message was: \(escape.message)")
        #expect(healthy.status == .pass)
    }

    @Test func plainTablesStillIterateWithNext() throws {
        let (escape, _) = try run("""
            local t = { a = 1 }
            local k, v = next(t)
            local n = 0
            for _ in pairs(ctx.source) do n = n + 1 end
            return pass{ reason = 'OK', message = k .. '=' .. v .. ' ' .. tostring(n > 3) .. ' ' .. #ctx.source.securityGroups }
            """)
        #expect(escape.status == .pass)
        #expect(escape.message == "a=1 true 1")
    }

    @Test func memoryBombHitsTheCap() throws {
        let (escape, healthy) = try run("local s = string.rep('x', 1 << 30)\nreturn pass{ reason = 'OK', message = #s }")
        #expect(escape.status == .error)
        #expect(escape.reason == "RULE_MEMORY_LIMIT")
        #expect(escape.message.contains("memory limit of 64 MiB"))
        #expect(healthy.status == .pass)
    }

    @Test func infiniteLoopHitsTheBudget() throws {
        let (escape, healthy) = try run("while true do end", limits: SandboxLimits(instructionBudget: 200_000))
        #expect(escape.reason == "RULE_INSTRUCTION_LIMIT")
        #expect(escape.message.contains("instruction budget of 200000"))
        #expect(healthy.status == .pass)
    }

    @Test func runawayRecursionIsStopped() throws {
        let (escape, healthy) = try run("local function f(n) return f(n + 1) + 1 end\nreturn f(1)")
        #expect(escape.status == .error)
        #expect(["RULE_ERROR", "RULE_MEMORY_LIMIT", "RULE_INSTRUCTION_LIMIT"].contains(escape.reason))
        #expect(escape.message.contains("stack overflow") || escape.reason != "RULE_ERROR")
        #expect(healthy.status == .pass)
    }

    @Test func globalsDoNotLeakBetweenRules() throws {
        let (_, diagnosis) = try EngineFixtures.diagnose([
            "a-writer.lua": EngineFixtures.rule("a-writer", check: """
                shared = 42
                string_backup = string
                return pass{ reason = "OK", message = "wrote a global" }
                """),
            "b-reader.lua": EngineFixtures.rule("b-reader", check: """
                if shared ~= nil or string_backup ~= nil then
                  return fail{ reason = "BAD", message = "saw another rule's global", suggestion = "isolate" }
                end
                return pass{ reason = "OK", message = "no leak" }
                """),
        ])
        #expect(diagnosis.finding("a-writer")?.status == .pass)
        #expect(diagnosis.finding("b-reader")?.status == .pass)
    }

    @Test func stringMetatableSurvivesAnAttempt() throws {
        let (_, diagnosis) = try EngineFixtures.diagnose([
            "a-vandal.lua": EngineFixtures.rule("a-vandal", check: """
                pcall(function() getmetatable("").__index = { upper = function() return "pwned" end } end)
                pcall(function() string.upper = function() return "pwned" end end)
                return pass{ reason = "OK", message = "tried" }
                """),
            "b-user.lua": EngineFixtures.rule("b-user", check: """
                if ("abc"):upper() ~= "ABC" or string.upper("x") ~= "X" then
                  return fail{ reason = "BAD", message = "string library was changed", suggestion = "protect it" }
                end
                return pass{ reason = "OK", message = "intact" }
                """),
        ])
        #expect(diagnosis.finding("b-user")?.status == .pass)
    }

    @Test func binaryRuleFileIsRejectedAtLoad() throws {
        let folder = try EngineFixtures.folder(["binary.lua": "\u{1B}Lua garbage", "healthy.lua": Self.healthy])
        let engine = try RuleEngine(folders: [folder])
        #expect(engine.rules.map(\.id) == ["healthy"])
        let problem = try #require(engine.problems.first)
        #expect(problem.file.hasSuffix("binary.lua"))
        #expect(problem.message.contains("binary chunk"))
    }

    @Test func loopAtTopLevelOfAFileIsStoppedAtLoad() throws {
        let folder = try EngineFixtures.folder(["spin.lua": "while true do end", "healthy.lua": Self.healthy])
        let engine = try RuleEngine(folders: [folder], limits: SandboxLimits(instructionBudget: 100_000))
        #expect(engine.rules.map(\.id) == ["healthy"])
        #expect(engine.problems.first?.message.contains("instruction budget") == true)
    }
}

@Suite struct LibraryTests {
    @Test func rulesSeeReadOnlyLibrariesFromLibFolder() throws {
        let folder = try EngineFixtures.folder([:])
        try FileManager.default.createDirectory(atPath: folder + "/lib", withIntermediateDirectories: true)
        try "return { double = function(x) return 2 * x end }".write(toFile: folder + "/lib/arith.lua", atomically: true, encoding: .utf8)
        try EngineFixtures.rule("uses-lib", check: """
            assert(not pcall(function() arith.double = nil end), "library must be read-only")
            return pass{ reason = "OK", message = "doubled " .. arith.double(21) }
            """).write(toFile: folder + "/uses.lua", atomically: true, encoding: .utf8)
        let engine = try RuleEngine(folders: [folder])
        #expect(engine.problems.isEmpty)
        try engine.bind(InventoryIndex(EngineFixtures.inventory))
        let finding = try #require(try engine.diagnose(EngineFixtures.request).finding("uses-lib"))
        #expect(finding.message == "doubled 42")
    }
}

import Foundation
import NetDiagModel

@Suite struct InterpreterMemoryTests {
    @Test func theInterpreterCapStopsGrowthAcrossCalls() throws {
        // Each call keeps 8 MiB alive in its own environment: under the per-call cap every time,
        // but the interpreter's total passes its 48 MiB cap by the sixth diagnosis.
        let hoard = EngineFixtures.rule("hoard", check: """
            kept = kept or {}
            kept[#kept + 1] = string.rep("x", 8 << 20)
            return pass{ reason = "OK", message = tostring(#kept) }
            """)
        let engine = try RuleEngine(folders: [EngineFixtures.folder(["hoard.lua": hoard])],
                                    limits: SandboxLimits(memoryPerCall: 32 << 20, memoryPerInterpreter: 48 << 20))
        try engine.bind(InventoryIndex(EngineFixtures.inventory))
        var reasons: [String] = []
        for _ in 0..<8 { reasons.append(try engine.diagnose(EngineFixtures.request).finding("hoard")!.reason) }
        #expect(reasons.prefix(3).allSatisfy { $0 == "OK" })
        let stopped = try engine.diagnose(EngineFixtures.request).finding("hoard")!
        #expect(stopped.reason == "RULE_MEMORY_LIMIT")
        #expect(stopped.message.contains("48 MiB per interpreter"))
    }
}
