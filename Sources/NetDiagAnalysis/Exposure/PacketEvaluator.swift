import NetDiagEngine
import NetDiagModel

/// A destination of the scan: an instance (through its primary ENI) or a secondary ENI.
public struct Destination: Sendable {
    public var id: String
    /// `instance` or `eni`.
    public var kind: String
    public var interface: NetworkInterface?
    public var instance: Instance?

    public var address: String { interface?.primaryIp ?? instance?.privateIps.first ?? "" }
    public var vpcId: String { interface?.vpcId ?? instance?.vpcId ?? "" }
    /// The instance the object belongs to (its own id, or the ENI's instance), nil for an unbound ENI.
    public var instanceId: String? { interface?.instanceId ?? instance?.id }
    /// The public addresses reaching the object, as cloud.lua counts them: its ENI's, and for an
    /// instance's primary ENI the instance's public IPs and EIP.
    var publicAddresses: [String] {
        var out = interface?.publicIps ?? []
        if let instance, interface?.type == .primary { out += instance.publicIps + [instance.eip].compactMap { $0 } }
        return out
    }

    /// Whether a path between this object and `other` exists at all: the console refuses a path
    /// between an object and itself, an instance and one of its ENIs, or two of its ENIs.
    func canPair(with other: Destination) -> Bool {
        guard id != other.id else { return false }
        guard let own = instanceId else { return true }
        return other.instanceId != own
    }
}

/// What a diagnosis says, reduced to what an exposure row shows.
struct Outcome: Hashable {
    var status: ExposureStatus
    var listening: Listening
    var hops: [ExposureRow.Hop]
    var blockers: [String]
}

/// Runs single-path diagnoses for the scan, the way `netdiag diagnose` builds them (the path's
/// VPC is the destination's, its region the inventory's), and counts them.
final class PacketEvaluator {
    let engine: RuleEngine
    let regionId: String
    private(set) var diagnoses = 0

    /// Evidence that names the packet rather than the entry that decided (it differs inside a class).
    static let packetKeys: Set = ["address", "port", "listenPort"]

    init(engine: RuleEngine, regionId: String) {
        self.engine = engine
        self.regionId = regionId
    }

    /// The request for one packet from `source` to `destination`.
    static func request(_ destination: Destination, protocol proto: String, source: String, port: Int,
                        regionId: String) -> DiagnosisRequest {
        DiagnosisRequest(source: source, destination: destination.id, protocol: proto, port: port,
                         vpcId: destination.vpcId, regionId: regionId)
    }

    /// One diagnosis, of every rule or of the rules in `only`.
    func diagnose(_ destination: Destination, protocol proto: String, source: String, port: Int,
                  only: Set<String>? = nil) throws(AnalysisError) -> Diagnosis {
        diagnoses += 1
        let request = Self.request(destination, protocol: proto, source: source, port: port, regionId: regionId)
        do {
            return try engine.diagnose(request, only: only)
        } catch {
            throw .engine(error.description)
        }
    }

    /// One diagnosis of every rule from a source object of the region.
    func diagnose(from source: Destination, to destination: Destination, protocol proto: String, port: Int) throws(AnalysisError) -> Diagnosis {
        diagnoses += 1
        do {
            return try engine.diagnose(Self.request(destination, protocol: proto, source: source.id, port: port, regionId: regionId))
        } catch {
            throw .engine(error.description)
        }
    }

    func outcome(_ destination: Destination, protocol proto: String, source: String, port: Int) throws(AnalysisError) -> Outcome {
        Self.outcome(try diagnose(destination, protocol: proto, source: source, port: port))
    }

    static func outcome(_ d: Diagnosis) -> Outcome {
        let status = ExposureStatus(d)
        let hops = d.findings.filter { $0.severity == .critical && ($0.status == .pass || $0.status == .warn) }.map {
            ExposureRow.Hop(rule: $0.rule, side: $0.side.rawValue, reason: $0.reason,
                            evidence: $0.evidence.filter { !packetKeys.contains($0.key) })
        }
        let blockers: [String]
        switch status {
        case .guestBlocked: blockers = d.blockers.map { "\($0.rule): \($0.reason)" }
        case .undecidable:
            blockers = d.findings.filter { $0.status == .error }.map { "\($0.rule): \($0.reason): \($0.message)" }
        default: blockers = []
        }
        return Outcome(status: status, listening: Listening(d), hops: hops, blockers: blockers)
    }
}
