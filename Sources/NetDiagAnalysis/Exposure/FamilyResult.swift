import NetDiagEngine

/// One family's findings at one signature, with what they add to a cell's outcome worked out
/// once: a signature is shared by many cells, and most cells' outcomes are merged from the
/// same few signatures.
struct FamilyResult {
    /// An item of the family's findings, placed in report order: (rule position, index among
    /// the family's findings), the order one diagnosis of every rule gives.
    typealias Place = (position: Int, k: Int)

    let findings: [Finding]
    /// A cloud item's critical failure: the cell is blocked whatever the other families say.
    let blocksInCloud: Bool
    let criticalFail: Bool
    let criticalError: Bool
    let criticalSkip: Bool
    /// What an exposure row shows of each finding, computed once.
    let hops: [(Place, ExposureRow.Hop)]
    let blockers: [(Place, String)]
    let errors: [(Place, String)]
    /// The first `guest-os.port-listening` finding's status.
    let listening: (Place, Finding.Status)?

    init(_ findings: [Finding], plan: RulePlan) {
        self.findings = findings
        var blocks = false, fail = false, error = false, skip = false
        var hops: [(Place, ExposureRow.Hop)] = [], blockers: [(Place, String)] = [], errors: [(Place, String)] = []
        var listening: (Place, Finding.Status)?
        for (k, f) in findings.enumerated() {
            let place = (plan.position[f.rule, default: 0], k)
            if f.status == .error { errors.append((place, "\(f.rule): \(f.reason): \(f.message)")) }
            if f.rule == "guest-os.port-listening", listening == nil { listening = (place, f.status) }
            guard f.severity == .critical else { continue }
            switch f.status {
            case .fail:
                fail = true
                if f.category != "guest-os" { blocks = true }
                blockers.append((place, "\(f.rule): \(f.reason)"))
            case .error: error = true
            case .skip: skip = true
            case .pass, .warn:
                hops.append((place, ExposureRow.Hop(rule: f.rule, side: f.side.rawValue, reason: f.reason,
                                                    evidence: f.evidence.filter { !PacketEvaluator.packetKeys.contains($0.key) })))
            }
        }
        blocksInCloud = blocks
        criticalFail = fail
        criticalError = error
        criticalSkip = skip
        self.hops = hops
        self.blockers = blockers
        self.errors = errors
        self.listening = listening
    }

    static func before(_ a: Place, _ b: Place) -> Bool { (a.position, a.k) < (b.position, b.k) }

    /// The outcome of a cell whose families gave `parts`: what `PacketEvaluator.outcome` gives
    /// for one diagnosis holding all their findings in report order (`ExposureStatus`, `Listening`).
    static func outcome(_ parts: [FamilyResult], protocol proto: String) -> Outcome {
        func merged<T>(_ items: (FamilyResult) -> [(Place, T)]) -> [T] {
            var all: [(Place, T)] = []
            for p in parts { all += items(p) }
            all.sort { before($0.0, $1.0) }
            return all.map(\.1)
        }
        let status: ExposureStatus
        if parts.contains(where: \.criticalFail) {
            status = parts.contains(where: \.blocksInCloud) ? .blocked : .guestBlocked
        } else if parts.contains(where: \.criticalError) {
            status = .undecidable
        } else {
            status = parts.contains(where: \.criticalSkip) ? .unverified : .reachable
        }
        guard status != .blocked else { return Outcome(status: .blocked, listening: .unknown, hops: [], blockers: []) }
        let listening: Listening
        if proto != "tcp" && proto != "udp" {
            listening = .notApplicable
        } else {
            let first = parts.compactMap(\.listening).min { before($0.0, $1.0) }
            switch first?.1 {
            case .pass: listening = .yes
            case .fail: listening = .no
            default: listening = .unknown
            }
        }
        let blockers: [String]
        switch status {
        case .guestBlocked: blockers = merged(\.blockers)
        case .undecidable: blockers = merged(\.errors)
        default: blockers = []
        }
        return Outcome(status: status, listening: listening, hops: merged(\.hops), blockers: blockers)
    }
}
