/// The stable, documented shape of a diagnosis report (docs/report-format.md): what
/// `--format json` prints and what the text report is rendered from.
public struct DiagnosisReport: Hashable, Sendable, Codable {
    /// The path as it was diagnosed.
    public struct PathInfo: Hashable, Sendable, Codable {
        public var name: String
        public var regionId: String
        public var vpcId: String
        public var source: String
        public var destination: String
        public var `protocol`: String
        /// -1 for icmp and gre.
        public var port: Int
        /// The client's ports, `start/end`.
        public var sourcePorts: String

        public init(_ request: DiagnosisRequest) {
            name = request.name; regionId = request.regionId; vpcId = request.vpcId
            source = request.source; destination = request.destination; self.protocol = request.protocol
            port = request.port
            sourcePorts = "\(request.sourcePorts.start)/\(request.sourcePorts.end)"
        }
    }

    /// One diagnostic item: one finding of one rule.
    public struct Item: Hashable, Sendable, Codable {
        public var rule: String
        public var title: String
        public var category: String
        /// `critical` or `non-critical`.
        public var severity: String
        /// `source`, `network`, `destination` or `return`.
        public var side: String
        /// `pass`, `fail`, `warn`, `skip` or `error`.
        public var status: String
        public var reason: String
        public var message: String
        public var evidence: [String: DataValue]
        public var suggestion: String?
        /// The suggestion as what-if edits (`Finding.fix`); absent when the rule gave none.
        public var fix: [DataValue]?

        public init(_ finding: Finding) {
            rule = finding.rule; title = finding.title; category = finding.category
            severity = finding.severity.rawValue; side = finding.side.rawValue
            status = finding.status.rawValue; reason = finding.reason; message = finding.message
            evidence = finding.evidence; suggestion = finding.suggestion; fix = finding.fix
        }
    }

    /// `Normal`, `Unconnectable` or `Error`.
    public var result: String
    public var path: PathInfo
    /// Every item in path order: source, network, destination, return.
    public var items: [Item]
    /// Rule ids of the critical failures that make the path unconnectable.
    public var blockers: [String]
    /// Rule ids of non-critical failures and warnings: it may not connect.
    public var warnings: [String]
    /// Why the analysis failed, for an `Error` result.
    public var error: String?
    /// What rules logged, as `rule-id: message` lines.
    public var logs: [String]
    /// The one-line caveat every report carries.
    public var notice: String

    public static let caveat = "This result is an insight into the configuration, not a proof that packets pass."

    /// The report of a completed diagnosis.
    public init(_ diagnosis: Diagnosis) {
        result = diagnosis.result.rawValue
        path = PathInfo(diagnosis.request)
        items = diagnosis.findings.map(Item.init)
        blockers = diagnosis.blockers.map(\.rule)
        warnings = diagnosis.findings
            .filter { $0.status == .warn || ($0.status == .fail && $0.severity == .nonCritical) }
            .map(\.rule)
        let broken = diagnosis.findings.filter { $0.status == .error && $0.severity == .critical }
        error = diagnosis.result == .error
            ? "critical rules broke: " + broken.map(\.rule).joined(separator: ", ") : nil
        logs = diagnosis.logs
        notice = Self.caveat
    }

    /// The report of an analysis that could not run: result `Error`, no items, the reason.
    public init(failed request: DiagnosisRequest, reason: String) {
        result = Diagnosis.Result.error.rawValue
        path = PathInfo(request)
        items = []; blockers = []; warnings = []; logs = []
        error = reason
        notice = Self.caveat
    }
}
