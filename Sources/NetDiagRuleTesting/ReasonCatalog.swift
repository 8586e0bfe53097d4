import NetDiagEngine

/// One reason code a finding may carry.
public struct ReasonEntry: Codable, Sendable, Hashable {
    /// The rule id, or `host` for the codes the engine itself reports.
    public var rule: String
    public var code: String
    public var meaning: String
    public var suggestion: String?

    public init(rule: String, code: String, meaning: String, suggestion: String? = nil) {
        self.rule = rule; self.code = code; self.meaning = meaning; self.suggestion = suggestion
    }
}

/// Every reason code of the loaded rules plus the host's: `netdiag rules reasons` and
/// docs/reason-codes.md.
public enum ReasonCatalog {
    /// The codes the host reports when a rule breaks (`HostReason`).
    public static let hostReasons: [ReasonEntry] = [
        ReasonEntry(rule: "host", code: HostReason.ruleError,
                    meaning: "The rule raised a runtime error; the evidence `traceback` holds the error with line numbers.",
                    suggestion: "Fix the rule file; `netdiag rules run ID …` prints the traceback."),
        ReasonEntry(rule: "host", code: HostReason.instructionLimit,
                    meaning: "A call of the rule ran more Lua instructions than its budget (default 10,000,000).",
                    suggestion: "Make the check cheaper, or raise `--instruction-budget`."),
        ReasonEntry(rule: "host", code: HostReason.memoryLimit,
                    meaning: "A call of the rule allocated more than its memory limit (default 64 MiB).",
                    suggestion: "Allocate less in the check, or raise `--memory-limit`."),
        ReasonEntry(rule: "host", code: HostReason.timeout,
                    meaning: "A call of the rule ran longer than its time limit (default 2 s), in Lua or in a C function such as the pattern matcher.",
                    suggestion: "Use simpler patterns or less data in the check, or raise `--time-limit`."),
        ReasonEntry(rule: "host", code: HostReason.badFinding,
                    meaning: "check() returned a malformed finding: an unknown status, an undeclared reason, no message, evidence that is not a table, a fail without a suggestion, or a malformed fix (an unknown op, a missing or bad field, a fix on a pass or skip).",
                    suggestion: "Return pass{…}, fail{…}, warn{…} or skip{…} with a declared reason and a message; give every fail a suggestion; write a fix as what-if edits (docs/rule-api.md#findings)."),
        ReasonEntry(rule: "host", code: HostReason.noFinding,
                    meaning: "check() returned nothing or an empty list.",
                    suggestion: "Return at least one finding on every path through check()."),
    ]

    /// The rules' codes (by rule id, then code) followed by the host's.
    public static func entries(_ rules: [Rule]) -> [ReasonEntry] {
        rules.sorted { $0.id < $1.id }.flatMap { rule in
            rule.reasons.keys.sorted().map { code in
                ReasonEntry(rule: rule.id, code: code, meaning: rule.reasons[code]!.meaning,
                            suggestion: rule.reasons[code]!.suggestion)
            }
        } + hostReasons
    }

    /// docs/reason-codes.md: a table per rule, then the host's codes. Deterministic, so a test
    /// can tell when the file is out of date.
    public static func markdown(_ rules: [Rule]) -> String {
        var lines = [
            "# Reason codes",
            "",
            "<!-- Generated: do not edit. Regenerate with `make reason-codes`",
            "     (= `netdiag rules reasons --format markdown > docs/reason-codes.md`).",
            "     The NetDiagRuleTestingTests suite fails while this file is out of date with rules/. -->",
            "",
            "Every reason code a finding may carry: the codes each rule declares in its `reasons` table,",
            "then the codes the host reports when a rule breaks. Regenerate this file after changing a rule:",
            "`make reason-codes`.",
        ]
        let header = ["", "| Code | Meaning | Suggestion |", "| --- | --- | --- |"]
        for rule in rules.sorted(by: { $0.id < $1.id }) {
            lines += ["", "## `\(rule.id)`", "", "\(cell(rule.title)) (\(rule.category), \(rule.severity.rawValue), \(rule.side.rawValue) side)"]
            lines += header
            for code in rule.reasons.keys.sorted() {
                lines.append(row(code, rule.reasons[code]!.meaning, rule.reasons[code]!.suggestion))
            }
        }
        lines += ["", "## Host codes", "", "Reported with status `error` when a rule breaks; the other rules still run."]
        lines += header
        lines += hostReasons.map { row($0.code, $0.meaning, $0.suggestion) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Plain text: `RULE  CODE  meaning` lines, with the suggestion indented below.
    public static func text(_ rules: [Rule]) -> [String] {
        entries(rules).flatMap { e in
            ["\(e.rule)  \(e.code)  \(e.meaning)"] + (e.suggestion.map { ["    fix: \($0)"] } ?? [])
        }
    }

    private static func row(_ code: String, _ meaning: String, _ suggestion: String?) -> String {
        "| `\(code)` | \(cell(meaning)) | \(cell(suggestion ?? "")) |"
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
