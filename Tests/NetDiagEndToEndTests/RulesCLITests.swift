import Foundation
import Testing

/// End-to-end: the built binary's `rules new`, `rules test`, `rules run` and `rules reasons`.
@Suite("RulesCLI: netdiag rules new/test/run/reasons", .serialized)
struct RulesCLITests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-rulescli-\(UUID().uuidString)")
    var rules: String { root.appendingPathComponent("rules").path }
    var caseFile: URL { root.appendingPathComponent("rules/tests/demo.eni-in-use/passes.yaml") }

    private func scaffold() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let new = try NetDiagBinary.run(["rules", "new", "demo.eni-in-use", "--category", "demo", "--dir", rules])
        #expect(new.status == 0, "\(new)")
    }

    private func write(_ text: String, _ path: String) throws -> URL {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func newThenTestPassesAndNewRefusesToOverwrite() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try scaffold()
        #expect(FileManager.default.fileExists(atPath: rules + "/demo/eni-in-use.lua"))
        let test = try NetDiagBinary.run(["rules", "test", "--rules", rules, "--verbose"])
        #expect(test.status == 0, "\(test)")
        #expect(test.stdout.hasSuffix("\n1 passed, 0 failed\n"), "\(test.stdout)")
        #expect(test.stdout.contains("pass  demo.eni-in-use/passes"))
        // Rule logs go to stderr with --verbose, never to stdout.
        #expect(test.stderr.contains("log: [demo.eni-in-use/passes] demo.eni-in-use: checking eni-b"), "\(test.stderr)")
        #expect(!test.stdout.contains("log:"))
        let again = try NetDiagBinary.run(["rules", "new", "demo.eni-in-use", "--category", "demo", "--dir", rules])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
        let badId = try NetDiagBinary.run(["rules", "new", "Demo_X", "--category", "demo", "--dir", rules])
        #expect(badId.status == 2 && badId.stderr.contains("invalid rule id"))
    }

    @Test func failingCaseExitsOneAndNamesTheField() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try scaffold()
        let text = try String(contentsOf: caseFile, encoding: .utf8)
        try text.replacingOccurrences(of: "reason: DEMO_ENI_IN_USE_OK", with: "reason: DEMO_ENI_IN_USE_NOT_IN_USE")
            .write(to: caseFile, atomically: true, encoding: .utf8)
        let test = try NetDiagBinary.run(["rules", "test", "--rules", rules])
        #expect(test.status == 1, "\(test)")
        #expect(test.stdout.contains("FAIL  demo.eni-in-use/passes"))
        #expect(test.stdout.contains("demo.eni-in-use.reason: expected DEMO_ENI_IN_USE_NOT_IN_USE, got DEMO_ENI_IN_USE_OK"))
        #expect(test.stdout.contains("actual: pass DEMO_ENI_IN_USE_OK: eni-b is in use"))
        #expect(test.stdout.hasSuffix("\n0 passed, 1 failed\n"))
        // --update takes the actual results; the case passes again.
        let update = try NetDiagBinary.run(["rules", "test", "--rules", rules, "--update"])
        #expect(update.status == 0, "\(update)")
        #expect(try String(contentsOf: caseFile, encoding: .utf8).contains("reason: DEMO_ENI_IN_USE_OK"))
        // --filter that matches nothing runs nothing.
        let none = try NetDiagBinary.run(["rules", "test", "--rules", rules, "--filter", "nothing-*"])
        #expect(none.status == 0 && none.stdout == "0 passed, 0 failed\n", "\(none)")
    }

    @Test func malformedCaseExitsTwoNamingFileAndField() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try scaffold()
        let bad = try write("inventory: ../inventories/x.yaml\npath: { source: i-a, destination: i-b, protocol: tcp, port: 99999 }\n",
                            "rules/tests/demo.eni-in-use/bad.yaml")
        let test = try NetDiagBinary.run(["rules", "test", "--rules", rules])
        #expect(test.status == 2, "\(test)")
        #expect(test.stderr.contains("\(bad.path):2: path.port: expected a port number 1-65535, got 99999"), "\(test.stderr)")
        #expect(test.stdout.hasSuffix("\n1 passed, 1 failed\n"), "\(test.stdout)")
        let missing = try NetDiagBinary.run(["rules", "test", "--rules", rules, root.appendingPathComponent("nowhere").path])
        #expect(missing.status == 2)
    }

    @Test func runPrintsFindingsLogsAndTraceback() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try scaffold()
        // The scaffolded case's inline region, as an inventory file.
        let text = try String(contentsOf: caseFile, encoding: .utf8)
        let region = text.components(separatedBy: "\n").drop { $0 != "region:" }.dropFirst()
            .prefix { $0.hasPrefix("  ") }.map { String($0.dropFirst(2)) }.joined(separator: "\n")
        let inventory = try write(region + "\n", "inventory.yaml").path
        let path = ["--inventory", inventory, "--source", "i-a", "--destination", "i-b", "--protocol", "tcp", "--port", "22"]
        let run = try NetDiagBinary.run(["rules", "run", "demo.eni-in-use", "--rules", rules] + path)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("PASS  DEMO_ENI_IN_USE_OK: eni-b is in use"))
        #expect(run.stderr.contains("log: demo.eni-in-use: checking eni-b: status InUse"))
        #expect(!run.stdout.contains("log:"))

        _ = try write("""
            id = "demo.broken"
            title = "Breaks"
            category = "demo"
            severity = "critical"
            applies_to = { side = "destination", objects = { "instance" } }
            description = "Raises an error on line 10."
            reasons = { OK = "never" }
            local function helper(ctx)
              local nothing = nil
              return nothing.field
            end
            function check(ctx) return helper(ctx) end
            """, "rules/demo/broken.lua")
        let broken = try NetDiagBinary.run(["rules", "run", "demo.broken", "--rules", rules] + path)
        #expect(broken.status == 1, "\(broken)")
        #expect(broken.stdout.contains("ERROR  RULE_ERROR"))
        #expect(broken.stdout.contains("traceback:"))
        #expect(broken.stdout.contains("broken.lua:10:"), "\(broken.stdout)")

        let unknown = try NetDiagBinary.run(["rules", "run", "demo.nothing", "--rules", rules] + path)
        #expect(unknown.status == 2 && unknown.stderr.contains("no rule with id 'demo.nothing'"))
        let noPort = try NetDiagBinary.run(["rules", "run", "demo.eni-in-use", "--rules", rules] + path.dropLast(2))
        #expect(noPort.status == 2 && noPort.stderr.contains("--port is required"))
    }

    @Test func reasonsListRuleAndHostCodes() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try scaffold()
        let json = try NetDiagBinary.run(["rules", "reasons", "--rules", rules, "--format", "json"])
        #expect(json.status == 0)
        let entries = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]] ?? []
        let codes = Set(entries.compactMap { $0["code"] as? String })
        #expect(codes.isSuperset(of: ["DEMO_ENI_IN_USE_OK", "DEMO_ENI_IN_USE_NOT_IN_USE", "RULE_ERROR", "RULE_INSTRUCTION_LIMIT",
                                      "RULE_MEMORY_LIMIT", "RULE_BAD_FINDING", "RULE_NO_FINDING"]))
        let markdown = try NetDiagBinary.run(["rules", "reasons", "--rules", rules, "--format", "markdown"])
        #expect(markdown.stdout.hasPrefix("# Reason codes\n"))
        #expect(markdown.stdout.contains("| `DEMO_ENI_IN_USE_OK` |"))
    }
}
