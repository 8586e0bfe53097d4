import NetDiagEngine

/// What one packet class's diagnosis says about exposure.
public enum ExposureStatus: String, Codable, Sendable, CaseIterable {
    /// The rules found the path Normal, every critical item evaluated.
    case reachable
    /// Normal, but a critical item was skipped (e.g. no guest state): the cloud lets the
    /// traffic in and the rest could not be checked.
    case unverified
    /// The cloud lets the traffic in, and only guest-OS items block it (the guest firewall, or
    /// nothing listening): exposed as soon as the guest changes.
    case guestBlocked = "guest-blocked"
    /// A rule broke on this traffic: neither reachable nor unreachable can be said.
    case undecidable
    /// Some cloud item blocks it. Not listed.
    case blocked

    /// The status a diagnosis gives.
    public init(_ diagnosis: Diagnosis) {
        switch diagnosis.result {
        case .error: self = .undecidable
        case .unconnectable:
            self = diagnosis.blockers.allSatisfy { $0.category == "guest-os" } ? .guestBlocked : .blocked
        case .normal:
            let skipped = diagnosis.findings.contains { $0.severity == .critical && $0.status == .skip }
            self = skipped ? .unverified : .reachable
        }
    }
}

/// Whether a process listens on the port, from `guest-os.port-listening`.
public enum Listening: String, Codable, Sendable {
    case yes, no, unknown
    /// ICMP and GRE have no ports to listen on.
    case notApplicable = "n/a"

    init(_ diagnosis: Diagnosis) {
        if diagnosis.request.protocol != "tcp" && diagnosis.request.protocol != "udp" { self = .notApplicable; return }
        switch diagnosis.findings.first(where: { $0.rule == "guest-os.port-listening" })?.status {
        case .pass: self = .yes
        case .fail: self = .no
        default: self = .unknown
        }
    }
}
