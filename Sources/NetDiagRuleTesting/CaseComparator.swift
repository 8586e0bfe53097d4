import NetDiagEngine

/// Compares a diagnosis with a case's expectations and says, field by field, what differs.
public enum CaseComparator {
    /// One line per difference, `security-group.ingress.reason: expected A, got B`, each
    /// followed by indented notes with the actual finding (message, and traceback for errors).
    /// Empty when the diagnosis meets every expectation.
    public static func differences(_ testCase: RuleTestCase, _ diagnosis: Diagnosis, loadedRules: Set<String>) -> [String] {
        var lines: [String] = []
        if let expected = testCase.expectedResult, expected != diagnosis.result {
            lines.append("result: expected \(expected.rawValue), got \(diagnosis.result.rawValue)")
            for blocker in diagnosis.findings where blocker.severity == .critical && [.fail, .error].contains(blocker.status) {
                lines.append("  \(blocker.rule): \(blocker.status.rawValue) \(blocker.reason): \(blocker.message)")
            }
        }
        for expectation in testCase.expectedFindings {
            lines += differences(expectation, diagnosis.findings.filter { $0.rule == expectation.rule },
                                 loaded: loadedRules.contains(expectation.rule))
        }
        return lines
    }

    static func differences(_ expectation: RuleExpectation, _ actual: [Finding], loaded: Bool) -> [String] {
        let rule = expectation.rule
        guard loaded else {
            return ["\(rule): no rule with this id is loaded (check the id, and --rules)"]
        }
        if expectation.findings.isEmpty {
            return actual.isEmpty ? [] : ["\(rule): expected no finding, got \(actual.count)"] + actual.flatMap(note)
        }
        if actual.isEmpty {
            return ["\(rule): expected a finding, got none (the rule did not apply to this path)"]
        }
        var lines: [String] = []
        let indexed = !(expectation.single && actual.count == 1)
        if actual.count != expectation.findings.count {
            lines.append("\(rule): expected \(expectation.findings.count) finding(s), got \(actual.count)")
        }
        for (i, (want, got)) in zip(expectation.findings, actual).enumerated() {
            let prefix = indexed ? "\(rule)[\(i)]" : rule
            var own: [String] = []
            if let status = want.status, status != got.status {
                own.append("\(prefix).status: expected \(status.rawValue), got \(got.status.rawValue)")
            }
            if let reason = want.reason, reason != got.reason {
                own.append("\(prefix).reason: expected \(reason), got \(got.reason)")
            }
            if let message = want.message, !got.message.contains(message) {
                own.append("\(prefix).message: expected to contain \"\(message)\", got \"\(got.message)\"")
            }
            for entry in want.evidence {
                own += compare(entry.value, got.evidence[entry.key], field: "\(prefix).evidence.\(entry.key)")
            }
            if let fix = want.fix {
                own += compare(fix, got.fix.map(DataValue.array), field: "\(prefix).fix")
            }
            if !own.isEmpty { lines += own + note(got) }
        }
        if actual.count > expectation.findings.count {
            lines += actual.dropFirst(expectation.findings.count).flatMap(note)
        }
        return lines
    }

    /// The actual finding, indented under the differences it explains.
    static func note(_ finding: Finding) -> [String] {
        var lines = ["  actual: \(finding.status.rawValue) \(finding.reason): \(finding.message)"]
        if finding.status == .error, let traceback = finding.evidence["traceback"]?.stringValue {
            lines += traceback.split(separator: "\n").map { "    " + $0 }
        }
        return lines
    }

    /// Subset comparison: scalars as text, tables by the expected keys, lists element by element.
    static func compare(_ expected: ExpectedValue, _ actual: DataValue?, field: String) -> [String] {
        let actualText = actual.map(text) ?? "nothing"
        switch expected {
        case .null:
            if actual == nil || actual == .null { return [] }
        case .scalar(let s):
            if let actual, actual != .null, s == text(actual) { return [] }
        case .table(let entries):
            guard case .object(let object) = actual else { break }
            return entries.flatMap { compare($0.value, object[$0.key], field: "\(field).\($0.key)") }
        case .list(let items):
            guard case .array(let array) = actual else { break }
            guard array.count == items.count else {
                return ["\(field): expected \(items.count) item(s) \(expected), got \(array.count) \(actualText)"]
            }
            return zip(items, array).enumerated().flatMap { i, pair in compare(pair.0, pair.1, field: "\(field)[\(i)]") }
        }
        return ["\(field): expected \(expected), got \(actualText)"]
    }

    static func text(_ value: DataValue) -> String {
        value == .null ? "nothing" : value.description
    }
}
