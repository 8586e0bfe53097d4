/// The outcome of one diagnosis: every applicable rule's findings in path order, and the verdict.
public struct Diagnosis: Hashable, Sendable, Codable {
    public enum Result: String, Hashable, Sendable, Codable {
        case normal = "Normal", unconnectable = "Unconnectable", error = "Error"
    }

    public var request: DiagnosisRequest
    public var result: Result
    public var findings: [Finding]
    /// What rules logged, as `rule-id: message` lines.
    public var logs: [String]

    public init(request: DiagnosisRequest, findings: [Finding], logs: [String] = []) {
        self.request = request
        self.findings = findings
        self.logs = logs
        self.result = Diagnosis.verdict(findings)
    }

    /// A critical failure makes the path unconnectable; otherwise a critical rule that broke
    /// makes the analysis an error; otherwise the path is normal. Non-critical failures and
    /// warnings never change the verdict.
    public static func verdict(_ findings: [Finding]) -> Result {
        let critical = findings.filter { $0.severity == .critical }
        if critical.contains(where: { $0.status == .fail }) { return .unconnectable }
        if critical.contains(where: { $0.status == .error }) { return .error }
        return .normal
    }

    /// The findings that block the path.
    public var blockers: [Finding] { findings.filter { $0.status == .fail && $0.severity == .critical } }
}
