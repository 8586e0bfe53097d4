import NetDiagModel

/// What to diagnose: from a source object to a destination port over a protocol.
public struct DiagnosisRequest: Hashable, Sendable, Codable {
    /// An instance id (`i-…`), an ENI id (`eni-…`) or an IP address.
    public var source: String
    public var destination: String
    /// `tcp`, `udp`, `icmp` or `gre`.
    public var `protocol`: String
    /// The destination port; -1 for icmp and gre.
    public var port: Int
    /// The client's source ports, for stateless return checks. Default 1024–65535.
    public var sourcePorts: PortRange
    public var name: String
    public var vpcId: String
    public var regionId: String

    public init(source: String, destination: String, protocol: String, port: Int,
                sourcePorts: PortRange = PortRange(start: 1024, end: 65535)!, name: String = "",
                vpcId: String = "", regionId: String = "") {
        self.source = source; self.destination = destination; self.protocol = `protocol`
        self.port = port; self.sourcePorts = sourcePorts; self.name = name; self.vpcId = vpcId
        self.regionId = regionId
    }
}
