import Foundation
import NetDiagAnalysis
import NetDiagBenchmarkSupport
import NetDiagEngine
import NetDiagInventory
import NetDiagModel

/// Compares an exposure scan with single-path diagnoses: packets chosen from the inventory's
/// own blocks and ranges (their edges and insides), well-known ports, random internet addresses,
/// and a random packet inside every reported row. The probes are picked without looking at the
/// scan's atoms, so a class that mixes packets the rules tell apart shows up as a mismatch.
struct CrossCheck {
    struct Mismatch: CustomStringConvertible {
        var destination: String, proto: String, source: String, port: Int
        var expected: String, actual: String
        var description: String { "\(destination) \(proto) \(source) → port \(port): scan says \(expected), diagnosis says \(actual)" }
    }

    let index: InventoryIndex
    let engine: RuleEngine
    let report: ExposureReport
    var rng: SplitMix64
    private var rows: [String: [ExposureRow]] = [:]
    private let owned: Set<UInt64>
    private(set) var probes = 0
    private(set) var mismatches: [Mismatch] = []
    static let wellKnown = [1, 21, 22, 23, 25, 53, 80, 123, 443, 1023, 1024, 1433, 1521, 3306, 3389, 5432, 6379, 8080, 8443, 65535]

    init(index: InventoryIndex, engine: RuleEngine, report: ExposureReport, seed: UInt64) {
        self.index = index; self.engine = engine; self.report = report
        rng = SplitMix64(seed: seed)
        for row in report.rows { rows[row.destination + " " + row.protocol, default: []].append(row) }
        let inv = index.inventory
        let texts = inv.eips.map(\.ip) + inv.instances.flatMap { $0.publicIps + [$0.eip].compactMap { $0 } }
            + inv.networkInterfaces.flatMap(\.publicIps) + inv.natGateways.flatMap(\.ips)
        owned = Set(texts.compactMap(Self.number))
    }

    static func number(_ text: String) -> UInt64? {
        let parts = text.split(separator: ".").compactMap { UInt64($0) }
        guard parts.count == 4, parts.allSatisfy({ $0 < 256 }) else { return nil }
        return parts.reduce(0) { $0 << 8 | $1 }
    }

    static func block(_ text: String) -> (UInt64, UInt64)? {
        let parts = text.split(separator: "/")
        guard let base = number(String(parts[0])) else { return nil }
        let length = parts.count == 2 ? UInt64(parts[1]) ?? 32 : 32
        let size = UInt64(1) << (32 - length)
        return (base & ~(size - 1), (base & ~(size - 1)) + size - 1)
    }

    /// An internet client address: not private (the rules' blocks), not the region's own.
    func isInternet(_ a: UInt64) -> Bool {
        guard a <= 0xFFFF_FFFF, !owned.contains(a) else { return false }
        let privates: [(UInt64, UInt64)] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].compactMap(Self.block)
        return !privates.contains { $0.0 <= a && a <= $0.1 }
    }

    /// What the scan says about one packet: the covering row's status, or blocked.
    func expected(_ d: String, _ proto: String, _ address: UInt64, _ port: Int) -> (ExposureStatus, Listening?) {
        guard let row = rows[d + " " + proto]?.first(where: { $0.covers(address: address, port: port) }) else { return (.blocked, nil) }
        return (row.status, row.listening)
    }

    mutating func probe(_ d: Destination, _ proto: String, _ address: UInt64, _ port: Int) throws {
        guard isInternet(address) else { return }
        probes += 1
        let source = "\(address >> 24).\(address >> 16 & 255).\(address >> 8 & 255).\(address & 255)"
        let diagnosis = try engine.diagnose(DiagnosisRequest(source: source, destination: d.id, protocol: proto, port: port,
                                                             vpcId: d.interface?.vpcId ?? d.instance?.vpcId ?? "",
                                                             regionId: index.inventory.regionId))
        let actual = ExposureStatus(diagnosis)
        let (status, listening) = expected(d.id, proto, address, port)
        let actualListening = diagnosis.findings.first { $0.rule == "guest-os.port-listening" }?.status
        let listeningAgrees = listening == nil || listening == .notApplicable
            || (listening == .yes) == (actualListening == .pass) && (listening == .no) == (actualListening == .fail)
        if actual != status || !listeningAgrees {
            mismatches.append(Mismatch(destination: d.id, proto: proto, source: source, port: port,
                                       expected: "\(status.rawValue) (listening \(listening?.rawValue ?? "-"))",
                                       actual: "\(actual.rawValue) (listening \(actualListening?.rawValue ?? "-"))"))
        }
    }

    /// Probes one destination for one protocol.
    mutating func check(_ d: Destination, _ proto: String, randomProbes: Int) throws {
        let hasPorts = proto == "tcp" || proto == "udp"
        var blocks: [(UInt64, UInt64)] = []
        var ranges: [PortRange] = []
        for id in d.interface?.securityGroupIds ?? [] {
            for rule in index.securityGroups[id]?.rules ?? [] {
                ranges.append(rule.portRange)
                if let c = rule.cidr, let b = Self.block(c) { blocks.append(b) }
                if let pl = rule.prefixListId, let list = index.inventory.prefixLists.first(where: { $0.id == pl }) {
                    blocks += list.cidrs.compactMap(Self.block)
                }
            }
        }
        if let eni = d.interface, let acl = index.networkAcl(forVSwitch: eni.vswitchId) {
            for e in acl.ingress + acl.egress { ranges.append(e.portRange); if let b = Self.block(e.cidr) { blocks.append(b) } }
        }
        if let eni = d.interface, let table = index.effectiveRouteTable(forVSwitch: eni.vswitchId) {
            blocks += table.entries.compactMap { Self.block($0.destination) }
        }
        var ports = hasPorts ? Self.wellKnown : [-1]
        if hasPorts {
            for r in ranges where !r.isAny { ports += [r.start - 1, r.start, r.end, r.end + 1] }
            for l in d.instance.flatMap({ index.guests[$0.id] })?.listeners ?? [] { ports += [l.port - 1, l.port, l.port + 1] }
            for _ in 0..<randomProbes { ports.append(rng.int(1...65535)) }
            ports = Array(Set(ports.filter { (1...65535).contains($0) })).sorted()
        }
        var addresses: [UInt64] = (0..<randomProbes).map { _ in rng.next() & 0xFFFF_FFFF }
        for (lo, hi) in blocks {
            addresses += [lo &- 1, lo, hi, hi + 1, lo + rng.next() % (hi - lo + 1)]
        }
        addresses = addresses.filter(isInternet)
        guard !addresses.isEmpty else { return }
        for port in ports { try probe(d, proto, rng.pick(addresses), port) }
        for address in Set(addresses) { try probe(d, proto, address, rng.pick(ports)) }
        for row in rows[d.id + " " + proto] ?? [] {
            let s = rng.pick(row.sources)
            let port = row.ports.map { Int($0.lo) + rng.below(Int($0.hi - $0.lo) + 1) } ?? -1
            try probe(d, proto, s.lo + rng.next() % (s.hi - s.lo + 1), port)
        }
    }
}

/// A benchmark region written to a temporary folder and loaded back, guests included.
func loadGenerated(_ spec: RegionSpec, seed: UInt64) throws -> InventoryIndex {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-analysis-\(spec.name)-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    _ = try RegionWriter.write(RegionGenerator.generate(spec, seed: seed), to: folder)
    return InventoryIndex(try InventoryLoader.load(path: folder).inventory)
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The repository's rules, bound to an inventory.
func boundEngine(_ index: InventoryIndex) throws -> RuleEngine {
    let engine = try RuleEngine(folders: [repositoryRoot.appendingPathComponent("rules").path])
    try engine.bind(index)
    return engine
}
