@testable import NetDiagAnalysis
import NetDiagBenchmarkSupport
import NetDiagEngine
import NetDiagModel

/// Brute force for the inside blast radius: every (source, destination) pair of one VPC — not
/// only the pairs the scope picks — diagnosed on both inventories at probe ports chosen from the
/// configuration (edges of every port range either end reads, the edits' own ranges, well-known
/// ports), each compared with what the report says about that pair and port.
struct InsideCrossCheck {
    let before: InventoryIndex
    let after: InventoryIndex
    let engines: [RuleEngine]
    var rng = SplitMix64(seed: 11)
    private(set) var probes = 0
    private(set) var changes = 0
    private(set) var mismatches: [String] = []

    init(before: InventoryIndex, after: InventoryIndex) throws {
        self.before = before
        self.after = after
        engines = [try boundEngine(before), try boundEngine(after)]
    }

    /// The port ranges the rules read for one object, on either inventory.
    func ranges(_ d: Destination) -> [PortRange] {
        var out: [PortRange] = []
        for index in [before, after] {
            guard let eni = index.networkInterfaces[d.interface?.id ?? ""] else { continue }
            out += eni.securityGroupIds.flatMap { index.securityGroups[$0]?.rules ?? [] }.map(\.portRange)
            if let acl = index.networkAcl(forVSwitch: eni.vswitchId) { out += (acl.ingress + acl.egress).map(\.portRange) }
        }
        return out
    }

    /// Checks every pair; `extra` are (protocol, port range) probed at their edges on every pair
    /// (the edits'), `perPair` caps the other tcp probes of one pair (nil: every edge).
    mutating func run(_ report: InsideReport, extra: [(String, PortRange)], perPair: Int?) throws {
        var claimed: [String: [InsideChangedRow]] = [:]
        for row in report.changed { claimed[row.destination + " " + row.protocol, default: []].append(row) }
        let all = ExposureScanner.destinations(before)
        let afterById = Dictionary(uniqueKeysWithValues: ExposureScanner.destinations(after).map { ($0.id, $0) })
        func edges(_ rs: [PortRange]) -> [Int] { rs.filter { !$0.isAny }.flatMap { [$0.start - 1, $0.start, $0.end, $0.end + 1] } }
        func extraPorts(_ proto: String) -> [Int] { edges(extra.filter { $0.0 == proto || $0.0 == "all" }.map(\.1)) }
        let fixed = extraPorts("tcp") + [22, 443]
        for d in all {
            let own = d.interface?.instanceId ?? d.instance?.id
            for s in all where s.id != d.id && s.vpcId == d.vpcId {
                if let own, (s.interface?.instanceId ?? s.instance?.id) == own { continue }
                var other = Array(Set(edges(ranges(s) + ranges(d))))
                if let cap = perPair, other.count > cap { other = rng.sample(other, cap) }
                let tcp = Array(Set((fixed + other + [rng.int(1...65535)]).filter { (1...65535).contains($0) })).sorted()
                let udp = Array(Set((extraPorts("udp") + [53, rng.int(1...65535)]).filter { (1...65535).contains($0) })).sorted()
                for (proto, ports) in [("tcp", tcp), ("udp", udp), ("icmp", [-1])] {
                    for port in ports {
                        try probe(s, d, afterById[d.id]!, proto, port, claimed[d.id + " " + proto] ?? [])
                    }
                }
            }
        }
    }

    private mutating func probe(_ s: Destination, _ d: Destination, _ dAfter: Destination, _ proto: String, _ port: Int,
                                _ rows: [InsideChangedRow]) throws {
        probes += 1
        var status: [ExposureStatus] = []
        for (k, target) in [d, dAfter].enumerated() {
            let index = k == 0 ? before : after
            status.append(ExposureStatus(try engines[k].diagnose(DiagnosisRequest(
                source: s.id, destination: target.id, protocol: proto, port: port, vpcId: target.vpcId, regionId: index.inventory.regionId))))
        }
        let row = rows.first { r in
            r.sourceIds.contains(s.id) && (port < 0 || {
                let ends = r.ports.split(separator: "/").compactMap { Int($0) }
                return ends[0] <= port && port <= ends[1]
            }())
        }
        if status[0] != status[1] { changes += 1 }
        let said = row.map { "\($0.before.rawValue) → \($0.after.rawValue)" } ?? "unchanged"
        let is_ = status[0] == status[1] ? "unchanged" : "\(status[0].rawValue) → \(status[1].rawValue)"
        if said != is_ { mismatches.append("\(s.id) → \(d.id) \(proto)/\(port): report says \(said), diagnoses \(is_)") }
    }
}
