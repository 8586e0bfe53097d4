import Foundation
import Testing
import NetDiagEngine
import NetDiagModel

/// Load-time validation names the file and line of each bad declaration; the rest still load.
@Suite struct RuleLoadingTests {
    static let good = EngineFixtures.rule("good", check: #"return pass{ reason = "OK", message = "fine" }"#)

    private func problems(_ files: [String: String]) throws -> (RuleEngine, [RuleProblem]) {
        let engine = try RuleEngine(folders: [EngineFixtures.folder(files.merging(["good.lua": Self.good]) { a, _ in a })])
        #expect(engine.rules.map(\.id).contains("good"))
        return (engine, engine.problems)
    }

    @Test func syntaxErrorNamesFileAndLine() throws {
        let (_, found) = try problems(["broken.lua": "id = \"broken\"\nfunction check(ctx)\n  return pass{\nend\n"])
        let problem = try #require(found.first)
        #expect(problem.file.hasSuffix("broken.lua"))
        #expect(problem.line == 4)
        #expect(problem.message.contains("expected"))
    }

    @Test func illTypedFieldNamesItsLine() throws {
        let text = EngineFixtures.rule("typo", check: "return nil").replacingOccurrences(
            of: #"severity = "critical""#, with: #"severity = "high""#)
        let (_, found) = try problems(["typo.lua": text])
        let problem = try #require(found.first)
        #expect(problem.line == 4)
        #expect(problem.message == #"field 'severity' must be "critical" or "non-critical", got "high""#)
    }

    @Test func missingFieldIsNamed() throws {
        let text = EngineFixtures.rule("nocat", check: "return nil").replacingOccurrences(
            of: #"category = "test""#, with: "")
        let (_, found) = try problems(["nocat.lua": text])
        #expect(found.first?.message.hasPrefix("missing required field 'category'") == true)
    }

    @Test func wrongTypesAreNamed() throws {
        let cases: [(String, String, String)] = [
            (#"applies_to = { side = "destination", objects = { "instance", "eni" } }"#,
             #"applies_to = { side = "sideways", objects = { "instance" } }"#, "applies_to.side must be one of"),
            (#"applies_to = { side = "destination", objects = { "instance", "eni" } }"#,
             #"applies_to = { side = "source", objects = { "vm" } }"#, "unknown object type \"vm\""),
            (#"reasons = { OK = "it passed", BAD = "it failed" }"#, #"reasons = { ok = "lower" }"#, "UPPER_SNAKE_CASE"),
            (#"id = "wrong""#, #"id = 42"#, "field 'id' must be"),
            ("function check(ctx)", "check = 1\nfunction unused(ctx)", "field 'check' must be a function"),
        ]
        for (from, to, expected) in cases {
            let text = EngineFixtures.rule("wrong", check: "return nil").replacingOccurrences(of: from, with: to)
            let (_, found) = try problems(["wrong.lua": text])
            #expect(found.first?.message.contains(expected) == true, "\(to): \(found)")
        }
    }

    @Test func duplicateIdKeepsTheFirst() throws {
        let (engine, found) = try problems(["a.lua": EngineFixtures.rule("same", check: "return nil"),
                                            "b.lua": EngineFixtures.rule("same", check: "return nil")])
        #expect(engine.rules.filter { $0.id == "same" }.count == 1)
        #expect(found.first?.file.hasSuffix("b.lua") == true)
        #expect(found.first?.message.contains("duplicate rule id 'same'") == true)
    }

    @Test func undeclaredReasonIsAnError() throws {
        let (_, diagnosis) = try EngineFixtures.diagnose([
            "r.lua": EngineFixtures.rule("r", check: #"return fail{ reason = "NOPE", message = "x", suggestion = "y" }"#),
        ])
        let finding = try #require(diagnosis.finding("r"))
        #expect(finding.status == .error && finding.reason == "RULE_BAD_FINDING")
        #expect(finding.message.contains("NOPE is not declared"))
        #expect(diagnosis.result == .error)
    }

    @Test func failWithoutSuggestionIsAnError() throws {
        let (_, diagnosis) = try EngineFixtures.diagnose([
            "r.lua": EngineFixtures.rule("r", check: #"return fail{ reason = "BAD", message = "x" }"#),
        ])
        #expect(diagnosis.finding("r")?.reason == "RULE_BAD_FINDING")
    }

    @Test func aRuleDroppedInAtRunTimeRunsWithoutRebuilding() throws {
        let folder = try EngineFixtures.folder(["good.lua": Self.good])
        let before = try RuleEngine(folders: [folder])
        #expect(before.rules.map(\.id) == ["good"])
        try EngineFixtures.rule("late", check: #"return fail{ reason = "BAD", message = "added later", suggestion = "none" }"#)
            .write(toFile: folder + "/late.lua", atomically: true, encoding: .utf8)
        let after = try RuleEngine(folders: [folder])
        try after.bind(InventoryIndex(EngineFixtures.inventory))
        let diagnosis = try after.diagnose(EngineFixtures.request)
        #expect(diagnosis.finding("late")?.message == "added later")
        #expect(diagnosis.result == .unconnectable)
    }

    @Test func reportOrderFollowsThePath() throws {
        let (_, diagnosis) = try EngineFixtures.diagnose([
            "z.lua": EngineFixtures.rule("z-source", side: "source", check: #"return pass{ reason = "OK", message = "s" }"#),
            "a.lua": EngineFixtures.rule("a-return", side: "return", check: #"return pass{ reason = "OK", message = "r" }"#),
            "m.lua": EngineFixtures.rule("m-dest", side: "destination", check: #"return pass{ reason = "OK", message = "d" }"#),
        ])
        #expect(diagnosis.findings.map(\.rule) == ["z-source", "m-dest", "a-return"])
    }

    @Test func rulesSeeTheInventoryThroughContext() throws {
        let (_, diagnosis) = try EngineFixtures.diagnose([
            "r.lua": EngineFixtures.rule("r", check: """
                local sg = ctx.destination.securityGroups[1]
                local rule = sg.rules[1]
                local members = ctx.inventory.groupMembers[sg.id]
                return pass{ reason = "OK", message = table.concat({ ctx.destination.ip, ctx.destination.instance.status,
                  sg.id, rule.portRange.start, #members, ctx.source.routeTable.id, tostring(ctx.inventory.instances["i-zzz"]) }, " "),
                  evidence = { rule = rule } }
                """),
        ])
        let finding = try #require(diagnosis.finding("r"))
        #expect(finding.message == "10.0.1.11 Running sg-1 22 2 rtb-1 nil")
        #expect(finding.evidence["rule"]?["id"] == .string("sgr-1"))
    }
}
