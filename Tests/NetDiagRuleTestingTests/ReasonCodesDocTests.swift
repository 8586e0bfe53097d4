import Foundation
import NetDiagEngine
import NetDiagRuleTesting
import Testing

@Suite("RuleTesting: docs/reason-codes.md")
struct ReasonCodesDocTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func docIsUpToDateWithRules() throws {
        let engine = try RuleEngine(folders: [Self.repository.appendingPathComponent("rules").path])
        let expected = ReasonCatalog.markdown(engine.rules)
        let doc = Self.repository.appendingPathComponent("docs/reason-codes.md")
        let actual = (try? String(contentsOf: doc, encoding: .utf8)) ?? "(missing)"
        guard actual != expected else { return }
        // Name the first line that differs rather than printing both documents.
        let (a, e) = (actual.components(separatedBy: "\n"), expected.components(separatedBy: "\n"))
        let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
        Issue.record("""
            docs/reason-codes.md is out of date with rules/: run `make reason-codes`.
            First difference at line \(line + 1): file has "\(line < a.count ? a[line] : "(end)")", \
            rules give "\(line < e.count ? e[line] : "(end)")"
            """)
    }

    @Test func catalogueListsRuleAndHostCodes() throws {
        let engine = try RuleEngine(folders: [Self.repository.appendingPathComponent("rules").path])
        let entries = ReasonCatalog.entries(engine.rules)
        for code in [HostReason.ruleError, HostReason.instructionLimit, HostReason.memoryLimit,
                     HostReason.badFinding, HostReason.noFinding] {
            #expect(entries.contains { $0.rule == "host" && $0.code == code })
        }
        for rule in engine.rules {
            #expect(Set(entries.filter { $0.rule == rule.id }.map(\.code)) == Set(rule.reasons.keys))
        }
    }
}
