import Foundation
import NetDiagEngine
import NetDiagRuleTesting
import Testing

@Suite("RuleTesting: rules new scaffolding")
struct ScaffoldTests {
    private func tempRules() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-scaffold-\(UUID().uuidString)/rules")
    }

    @Test(arguments: [Rule.Side.source, .destination, .network, .return])
    func scaffoldedRuleLoadsAndItsCasePasses(side: Rule.Side) throws {
        let dir = tempRules()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let scaffold = try RuleScaffold(id: "demo.eni-in-use", category: "demo", side: side, directory: dir)
        let files = try scaffold.write()
        #expect(files.map { $0.path.replacingOccurrences(of: dir.path, with: "") }
                == ["/demo/eni-in-use.lua", "/tests/demo.eni-in-use/passes.yaml"])
        let engine = try RuleEngine(folders: [dir.path])
        #expect(engine.problems.isEmpty, "\(engine.problems)")
        #expect(engine.rule("demo.eni-in-use")?.side == side)
        let runner = RuleTestRunner(engine: engine)
        let results = try CaseDiscovery.find([dir.appendingPathComponent("tests").path]).map { runner.run($0) }
        #expect(results.count == 1)
        #expect(results.allSatisfy { $0.passed }, "\(results)")
        #expect(results.first?.diagnosis?.logs.first?.hasPrefix("demo.eni-in-use: checking eni-") == true)
    }

    @Test func refusesToOverwriteOrReuseAnId() throws {
        let dir = tempRules()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try RuleScaffold(id: "demo.one", category: "demo", directory: dir).write()
        #expect(throws: ScaffoldError.self) { try RuleScaffold(id: "demo.one", category: "demo", directory: dir).write() }
        // Same id, another category (so another file): the id is taken.
        #expect(throws: ScaffoldError.self) { try RuleScaffold(id: "demo.one", category: "other", directory: dir).write() }
    }

    @Test(arguments: ["Demo.one", "demo..one", "demo_one", "", "-demo"])
    func rejectsInvalidIds(id: String) {
        #expect(throws: ScaffoldError.self) { try RuleScaffold(id: id, category: "demo", directory: tempRules()) }
    }

    @Test func rejectsInvalidCategory() {
        #expect(throws: ScaffoldError.self) { try RuleScaffold(id: "a.b", category: "Bad.cat", directory: tempRules()) }
    }
}
