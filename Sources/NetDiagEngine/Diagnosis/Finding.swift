/// One result of one rule on one diagnosis.
public struct Finding: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        /// The item lets the traffic through.
        case pass
        /// The item blocks the traffic (critical rules) or may (non-critical).
        case fail
        /// Something deserves attention but does not block.
        case warn
        /// The item could not be evaluated; the message says why.
        case skip
        /// The rule itself broke or hit a sandbox limit.
        case error
    }

    public var rule: String
    public var title: String
    public var category: String
    public var severity: Rule.Severity
    public var side: Rule.Side
    public var status: Status
    /// A stable code (`SG_INGRESS_DENIED`), listed in docs/reason-codes.md.
    public var reason: String
    public var message: String
    /// The resources and exact entries that decided.
    public var evidence: [String: DataValue]
    /// What to change, for failures.
    public var suggestion: String?
    /// The suggestion as edits a machine can apply, in what-if change-file form (`FixSchema`),
    /// applied in order; nil when the rule knows no edit that is safe to make for the operator.
    public var fix: [DataValue]?

    public init(rule: Rule, status: Status, reason: String, message: String,
                evidence: [String: DataValue] = [:], suggestion: String? = nil, fix: [DataValue]? = nil) {
        self.rule = rule.id; self.title = rule.title; self.category = rule.category
        self.severity = rule.severity; self.side = rule.side; self.status = status
        self.reason = reason; self.message = message; self.evidence = evidence; self.suggestion = suggestion
        self.fix = fix
    }
}

/// Reason codes the host itself reports when a rule breaks.
public enum HostReason {
    public static let ruleError = "RULE_ERROR"
    public static let instructionLimit = "RULE_INSTRUCTION_LIMIT"
    public static let memoryLimit = "RULE_MEMORY_LIMIT"
    public static let timeout = "RULE_TIMEOUT"
    public static let badFinding = "RULE_BAD_FINDING"
    public static let noFinding = "RULE_NO_FINDING"
}
