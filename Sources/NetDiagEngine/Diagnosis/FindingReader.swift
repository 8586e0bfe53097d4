/// Turns what a rule's `check` returned into findings, checking each against the rule's
/// declarations: a malformed result becomes an `error` finding that says what was wrong.
enum FindingReader {
    static func findings(from value: DataValue, rule: Rule) -> [Finding] {
        let items: [DataValue]
        switch value {
        case .null:
            return [bad(rule, HostReason.noFinding, "check() returned nothing: return pass{…}, fail{…}, warn{…} or skip{…}")]
        case .array(let list): items = list
        case .object(let o) where o["status"] != nil: items = [value]
        default:
            return [bad(rule, HostReason.badFinding, "check() must return a finding or a list of findings, got \(value)")]
        }
        if items.isEmpty { return [bad(rule, HostReason.noFinding, "check() returned an empty list of findings")] }
        return items.map { finding(from: $0, rule: rule) }
    }

    private static func finding(from value: DataValue, rule: Rule) -> Finding {
        guard case .object(let f) = value else {
            return bad(rule, HostReason.badFinding, "a finding must be a table, got \(value)")
        }
        guard let statusText = f["status"]?.stringValue, let status = Finding.Status(rawValue: statusText),
              status != .error else {
            return bad(rule, HostReason.badFinding, "finding status must be pass, fail, warn or skip, got \(f["status"]?.description ?? "nothing")")
        }
        guard let reason = f["reason"]?.stringValue else {
            return bad(rule, HostReason.badFinding, "a \(statusText) finding needs a reason code")
        }
        guard rule.reasons[reason] != nil else {
            return bad(rule, HostReason.badFinding, "reason \(reason) is not declared in the rule's reasons table")
        }
        guard let message = f["message"]?.stringValue, !message.isEmpty else {
            return bad(rule, HostReason.badFinding, "finding \(reason) needs a message")
        }
        var evidence: [String: DataValue] = [:]
        switch f["evidence"] ?? .null {
        case .null: break
        case .object(let o): evidence = o
        case .array(let a) where a.isEmpty: break
        default: return bad(rule, HostReason.badFinding, "finding \(reason): evidence must be a table of named values")
        }
        let suggestion = f["suggestion"]?.stringValue
        if status == .fail, suggestion?.isEmpty ?? true {
            return bad(rule, HostReason.badFinding, "fail finding \(reason) needs a suggestion")
        }
        // A fix is what an operator (or --apply-suggestions) applies: only where something is wrong.
        let rawFix = f["fix"] ?? .null
        if rawFix != .null, status != .fail, status != .warn {
            return bad(rule, HostReason.badFinding, "\(statusText) finding \(reason) carries a fix; only fail and warn findings may")
        }
        var fix: [DataValue]?
        switch rawFix {
        case .null: break
        case .object: fix = [rawFix]
        case .array(let edits) where !edits.isEmpty: fix = edits
        default:
            return bad(rule, HostReason.badFinding, "finding \(reason): fix must be an edit table {op = …} or a non-empty list of them")
        }
        for (i, edit) in (fix ?? []).enumerated() {
            if let problem = FixSchema.problem(edit) {
                return bad(rule, HostReason.badFinding, "finding \(reason): fix edit \(i + 1): \(problem)")
            }
        }
        return Finding(rule: rule, status: status, reason: reason, message: message, evidence: evidence,
                       suggestion: suggestion, fix: fix)
    }

    private static func bad(_ rule: Rule, _ reason: String, _ message: String) -> Finding {
        Finding(rule: rule, status: .error, reason: reason, message: "\(rule.file): \(message)",
                evidence: ["file": .string(rule.file)],
                suggestion: "Fix the rule file \(rule.file); the other rules still ran.")
    }
}
