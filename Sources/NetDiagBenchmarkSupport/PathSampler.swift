import NetDiagEngine
import NetDiagModel

/// Draws random, distinct-looking diagnosis paths from an inventory: instance → instance (mostly
/// within one VPC), ENI → ENI, internet → instance, instance → internet, over the console's
/// protocol and port choices. The same inventory and seed give the same paths.
public struct PathSampler {
    static let consolePorts = [22, 23, 80, 443, 1433, 1521, 3306, 3389, 5432, 6379]

    private var rng: SplitMix64
    private let running: [Instance]
    private let runningByVpc: [String: [Instance]]
    private let enis: [NetworkInterface]
    private let publicIps: [String]

    /// Prepares the candidate objects. Needs at least two running instances.
    public init(_ inventory: Inventory, seed: UInt64) {
        rng = SplitMix64(seed: seed ^ 0x5EED_0F_9A7B)
        running = inventory.instances.filter { $0.status == "Running" && $0.primaryEniId != nil }
        runningByVpc = Dictionary(grouping: running, by: \.vpcId)
        let runningIds = Set(running.map(\.id))
        enis = inventory.networkInterfaces.filter { $0.instanceId.map(runningIds.contains) ?? false }
        publicIps = (inventory.eips.map(\.ip) + inventory.instances.flatMap(\.publicIps)).sorted()
    }

    /// The next path.
    public mutating func next() -> DiagnosisRequest {
        let (proto, port) = protocolAndPort()
        switch rng.weighted([70, 15, 10, 5]) {
        case 1 where enis.count > 2:
            let a = rng.pick(enis)
            var b = rng.pick(enis)
            while b.id == a.id || (b.instanceId != nil && b.instanceId == a.instanceId) { b = rng.pick(enis) }
            return DiagnosisRequest(source: a.id, destination: b.id, protocol: proto, port: port, vpcId: a.vpcId)
        case 2 where !publicIps.isEmpty:
            let destination = rng.pick(running)
            let source = rng.chance(0.5) ? internetAddress() : rng.pick(publicIps)
            return DiagnosisRequest(source: source, destination: destination.id, protocol: proto, port: port,
                                    vpcId: destination.vpcId)
        case 3:
            let source = rng.pick(running)
            return DiagnosisRequest(source: source.id, destination: internetAddress(), protocol: proto, port: port,
                                    vpcId: source.vpcId)
        default:
            let a = rng.pick(running)
            let peers = rng.chance(0.85) ? runningByVpc[a.vpcId] ?? running : running
            var b = rng.pick(peers)
            while b.id == a.id { b = rng.pick(peers.count > 1 ? peers : running) }
            return DiagnosisRequest(source: a.id, destination: b.id, protocol: proto, port: port, vpcId: a.vpcId)
        }
    }

    /// `count` paths.
    public mutating func take(_ count: Int) -> [DiagnosisRequest] { (0..<count).map { _ in next() } }

    private mutating func protocolAndPort() -> (String, Int) {
        switch rng.weighted([80, 10, 9, 1]) {
        case 0: return ("tcp", rng.chance(0.9) ? rng.pick(Self.consolePorts) : rng.int(1...65535))
        case 1: return ("udp", rng.pick([53, 123, 161, 500, 4500, rng.int(1...65535)]))
        case 2: return ("icmp", -1)
        default: return ("gre", -1)
        }
    }

    private mutating func internetAddress() -> String {
        rng.chance(0.3) ? rng.pick(["8.8.8.8", "1.1.1.1", "114.114.114.114", "223.5.5.5"])
            : "\(rng.pick([36, 58, 101, 116, 203])).\(rng.below(256)).\(rng.below(256)).\(rng.int(1...254))"
    }
}
