import Testing
import NetDiagEngine
import NetDiagModel
@testable import NetDiagStore

struct ReportTests {
    @Test("rule-set hashes are stable, order-free and independent of how the folder was spelled")
    func ruleSetHash() {
        let a = [RuleSource(path: "rules/a.lua", text: "x"), RuleSource(path: "rules/b.lua", text: "y")]
        let b = [RuleSource(path: "/abs/rules/b.lua", text: "y"), RuleSource(path: "/abs/rules/a.lua", text: "x")]
        #expect(RuleSetHash.of(a, folders: ["rules"]) == RuleSetHash.of(b, folders: ["/abs/rules/"]))
        #expect(RuleSetHash.of(a, folders: ["rules"]) != RuleSetHash.of([a[0]], folders: ["rules"]))
        #expect(RuleSetHash.of([]).count == 16)
    }

    @Test("a failed analysis renders as Error with its reason and the caveat")
    func failedReport() throws {
        let report = DiagnosisReport(failed: Fixtures.definition().request, reason: "boom")
        let text = TextReport.render(report)
        #expect(text.contains("Result: Error") && text.contains("Analysis error: boom"))
        #expect(text.contains(DiagnosisReport.caveat))
        let json = try JSONReport.value(report)
        #expect(json["result"] == .string("Error") && json["items"] == .array([]))
        #expect(json["path"]?["port"] == .int(22))
    }
}
