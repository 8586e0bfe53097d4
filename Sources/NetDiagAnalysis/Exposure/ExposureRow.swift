import NetDiagEngine

/// One exposed (destination, protocol, port range): the sources that reach it and how.
public struct ExposureRow: Encodable, Sendable, Hashable {
    /// One item of the path that let the traffic through, with the entry that decided.
    public struct Hop: Codable, Sendable, Hashable {
        public var rule: String
        /// `source`, `destination`, `network` or `return`: forward items, then the return path.
        public var side: String
        public var reason: String
        public var evidence: [String: DataValue]
    }

    public var destination: String
    /// `instance` or `eni`.
    public var kind: String
    public var address: String
    public var `protocol`: String
    /// The destination ports as they arrive (after DNAT); nil for icmp and gre.
    public var ports: Interval?
    public var status: ExposureStatus
    /// Source addresses (IPv4 blocks; the region's own public addresses excepted).
    public var sources: [Interval]
    public var listening: Listening
    /// The items that let it through, forward and return.
    public var hops: [Hop]
    /// For guest-blocked rows, the guest items that block; for undecidable rows, the broken rules.
    public var blockers: [String]
    /// A packet of the class: `netdiag diagnose --source exampleSource --destination … --port examplePort`.
    public var exampleSource: String
    public var examplePort: Int

    private enum Keys: String, CodingKey {
        case destination, kind, address, `protocol`, ports, status, sources, listening, hops, blockers, example
    }

    /// Ports as `start/end` (the cloud's spelling), sources as CIDR blocks.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(destination, forKey: .destination)
        try c.encode(kind, forKey: .kind)
        try c.encode(address, forKey: .address)
        try c.encode(`protocol`, forKey: .protocol)
        try c.encode(ports.map { "\($0.lo)/\($0.hi)" } ?? "-1/-1", forKey: .ports)
        try c.encode(status, forKey: .status)
        try c.encode(sources.flatMap(\.cidrs), forKey: .sources)
        try c.encode(listening, forKey: .listening)
        try c.encode(hops, forKey: .hops)
        try c.encode(blockers, forKey: .blockers)
        try c.encode(["source": DataValue.string(exampleSource), "port": .int(examplePort)], forKey: .example)
    }

    /// True when the row covers this packet.
    public func covers(address: UInt64, port: Int) -> Bool {
        (ports.map { port >= 0 && $0.contains(UInt64(port)) } ?? true) && sources.contains { $0.contains(address) }
    }
}

/// The result of a scan: every exposed row, and what the scan cost.
public struct ExposureReport: Encodable, Sendable {
    public struct Summary: Encodable, Sendable {
        /// Instances and secondary ENIs scanned.
        public var destinations = 0
        /// Groups of destinations every rule treats alike, evaluated once.
        public var endpointClasses = 0
        /// Rule evaluations: diagnoses of one packet by one family of rules (or by all of them).
        public var evaluations = 0
        /// Destinations whose own check disagreed with their class, rescanned alone (0 when the
        /// classes are right).
        public var classSplits = 0
        public var rowsByStatus: [String: Int] = [:]
    }

    /// `internet` or the source block.
    public var from: String
    public var protocols: [String]
    public var summary = Summary()
    public var rows: [ExposureRow] = []
    public var advisory = "An insight into configuration, not a proof that packets pass."
}
