import Foundation
import NetDiagEngine
import NetDiagRuleTesting
import Testing

@Suite("RuleTesting: the fixture-case runner")
struct RunnerTests {
    private func run(_ cases: [String: String]) throws -> (Fixtures, [RuleTestResult]) {
        let fixtures = try Fixtures(cases: cases)
        let runner = RuleTestRunner(engine: try RuleEngine(folders: [fixtures.rules]))
        let results = try CaseDiscovery.find([fixtures.tests]).map { runner.run($0) }
        return (fixtures, results)
    }

    @Test func passingCase() throws {
        let (fixtures, results) = try run(["test.port/ssh": Fixtures.testCase(expect: """
            expect:
              result: Normal
              findings:
                test.port:
                  status: pass
                  reason: PORT_OK
                  evidence: { port: 22, eni: eni-b, ports: [22] }
            """)])
        defer { fixtures.remove() }
        // The shared inventory under inventories/ is not a case.
        #expect(results.map(\.location.name) == ["test.port/ssh"])
        #expect(results.first?.passed == true, "\(results)")
    }

    @Test func wrongExpectationNamesTheField() throws {
        let (fixtures, results) = try run(["test.port/wrong": Fixtures.testCase(port: 80, expect: """
            expect:
              findings:
                test.port:
                  status: pass
                  reason: PORT_OK
                  evidence: { eni: eni-a }
            """)])
        defer { fixtures.remove() }
        guard case .failed(let lines) = try #require(results.first).outcome else {
            Issue.record("expected a failure, got \(results)"); return
        }
        #expect(lines.contains("test.port.status: expected pass, got fail"))
        #expect(lines.contains("test.port.reason: expected PORT_OK, got PORT_OTHER"))
        #expect(lines.contains("test.port.evidence.eni: expected eni-a, got eni-b"))
        #expect(lines.contains("  actual: fail PORT_OTHER: port 80 is not ssh"))
    }

    @Test func unknownRuleAndMissingFindingAreFailures() throws {
        let (fixtures, results) = try run(["x/unknown": Fixtures.testCase(expect: """
            expect:
              findings:
                no.such-rule: { status: pass }
                test.port: []
            """)])
        defer { fixtures.remove() }
        guard case .failed(let lines) = try #require(results.first).outcome else {
            Issue.record("expected a failure, got \(results)"); return
        }
        #expect(lines.contains { $0.hasPrefix("no.such-rule: no rule with this id is loaded") })
        #expect(lines.contains("test.port: expected no finding, got 1"))
    }

    @Test(arguments: [
        ("path: { source: i-a, destination: i-b, protocol: tcp, port: ssh }", "path.port"),
        ("path: { source: i-a, destination: i-b, protocol: sctp, port: 22 }", "path.protocol"),
        ("path: { source: i-a, destination: i-b, protocol: tcp, port: 22 }\nexpect: { findings: { test.port: { status: great } } }",
         "expect.findings.test.port.status"),
        ("path: { source: i-a, destination: i-b, protocol: tcp, port: 22 }\nexpect: { reslt: Normal }", "expect.reslt"),
        ("path: { source: i-zz, destination: i-b, protocol: tcp, port: 22 }", "path"),
    ])
    func malformedCaseNamesFileAndField(body: String, field: String) throws {
        let text = "description: bad\ninventory: ../inventories/two.yaml\n\(body)\n"
        let (fixtures, results) = try run(["test.port/bad": text])
        defer { fixtures.remove() }
        guard case .invalid(let error) = try #require(results.first).outcome else {
            Issue.record("expected an invalid case, got \(results)"); return
        }
        #expect(error.field == field, "\(error)")
        #expect(error.file.hasSuffix("rules/tests/test.port/bad.yaml"))
    }

    @Test func malformedYAMLAndMissingInventory() throws {
        let (fixtures, results) = try run([
            "a/syntax": "description: x\npath: { source: i-a\n",
            "b/no-inventory": "path: { source: i-a, destination: i-b, protocol: tcp, port: 22 }\n",
            "c/bad-inventory": "inventory: ../inventories/none.yaml\npath: { source: i-a, destination: i-b, protocol: icmp }\n",
        ])
        defer { fixtures.remove() }
        let errors = results.compactMap { r -> CaseFileError? in if case .invalid(let e) = r.outcome { e } else { nil } }
        #expect(errors.count == 3)
        #expect(errors[0].message.hasPrefix("malformed YAML at"), "\(errors[0])")
        #expect(errors[1].field == "inventory")
        #expect(errors[2].field == "inventory" && errors[2].message.contains("none.yaml"), "\(errors[2])")
    }

    @Test func inlineRegionLoadsThroughTheInventoryLoader() throws {
        let region = Fixtures.inventory.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        let text = "region:\n\(region)\npath: { source: i-a, destination: eni-b, protocol: tcp, port: 22 }\n"
            + "expect: { findings: { test.port: { reason: PORT_OK } } }\n"
        let (fixtures, results) = try run(["test.port/inline": text])
        defer { fixtures.remove() }
        #expect(results.first?.passed == true, "\(results)")
    }

    @Test func updateRewritesExpectAndKeepsTheRest() throws {
        let name = "test.port/update"
        let (fixtures, results) = try run([name: Fixtures.testCase(port: 80, expect: """
            expect:
              result: Normal
              findings:
                test.port:
                  status: pass
                  reason: PORT_OK
                  message: is ssh
                  evidence: { eni: eni-a }
            """)])
        defer { fixtures.remove() }
        let result = try #require(results.first)
        let text = try String(contentsOf: fixtures.file(name), encoding: .utf8)
        let updated = try ExpectationUpdater.updatedText(text, testCase: try #require(result.testCase),
                                                         diagnosis: try #require(result.diagnosis), loadedRules: ["test.port"])
        #expect(updated.contains("# kept by --update") && updated.contains("# trailing comment, also kept"))
        #expect(updated.contains("result: Unconnectable"))
        #expect(updated.contains("reason: PORT_OTHER"))
        #expect(updated.contains("message: port 80 is not ssh"), "a stale asserted message takes the actual one")
        #expect(updated.contains("evidence: {eni: eni-b}"), "only the listed evidence keys:\n\(updated)")
        try updated.write(to: fixtures.file(name), atomically: true, encoding: .utf8)
        let runner = RuleTestRunner(engine: try RuleEngine(folders: [fixtures.rules]))
        #expect(runner.run(CaseLocation(file: fixtures.file(name), name: name)).passed)
    }

    @Test func aFixExpectationIsComparedAndRewritten() throws {
        let name = "test.port/fix"
        let (fixtures, results) = try run([name: Fixtures.testCase(port: 80, expect: """
            expect:
              findings:
                test.port:
                  reason: PORT_OTHER
                  fix: [{op: add-security-group-rule, group: sg-1}]
            """)])
        defer { fixtures.remove() }
        let result = try #require(results.first)
        guard case .failed(let differences) = result.outcome else { Issue.record("expected a failure: \(result.outcome)"); return }
        #expect(differences.first == "test.port.fix: expected [{op=add-security-group-rule, group=sg-1}], got nothing", "\(differences)")
        let updated = try ExpectationUpdater.updatedText(try String(contentsOf: fixtures.file(name), encoding: .utf8),
                                                         testCase: try #require(result.testCase),
                                                         diagnosis: try #require(result.diagnosis), loadedRules: ["test.port"])
        #expect(updated.contains("fix: ~"), "an asserted fix the rule no longer gives becomes ~:\n\(updated)")
        try updated.write(to: fixtures.file(name), atomically: true, encoding: .utf8)
        let runner = RuleTestRunner(engine: try RuleEngine(folders: [fixtures.rules]))
        #expect(runner.run(CaseLocation(file: fixtures.file(name), name: name)).passed)
    }

    @Test func updateOfAnEmptyExpectWritesEverything() throws {
        let (fixtures, results) = try run(["test.port/fresh": Fixtures.testCase(expect: "")])
        defer { fixtures.remove() }
        let result = try #require(results.first)
        #expect(result.passed)
        let updated = try ExpectationUpdater.updatedText(
            try String(contentsOf: fixtures.file("test.port/fresh"), encoding: .utf8),
            testCase: try #require(result.testCase), diagnosis: try #require(result.diagnosis), loadedRules: ["test.port"])
        #expect(updated.contains("result: Normal"))
        #expect(updated.contains("evidence: {eni: eni-b, port: 22, ports: [22]}"), "\(updated)")
    }

    @Test func filterBySubstringOrGlob() {
        #expect(CaseDiscovery.matches("security-group.ingress/drop", "ingress"))
        #expect(CaseDiscovery.matches("security-group.ingress/drop", "security-group.*/d*"))
        #expect(!CaseDiscovery.matches("security-group.ingress/drop", "route.*"))
    }
}
