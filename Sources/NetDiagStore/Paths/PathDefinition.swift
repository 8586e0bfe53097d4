import NetDiagEngine

/// The protocols a path can use.
public enum PathProtocol: String, Hashable, Sendable, Codable, CaseIterable {
    case tcp, udp, icmp, gre

    /// Whether the protocol takes a destination port (icmp and gre are fixed at -1).
    public var hasPorts: Bool { self == .tcp || self == .udp }
}

/// A path whose every field passed `PathValidator`: what is stored and what a task diagnoses.
public struct PathDefinition: Hashable, Sendable, Codable {
    public var name: String
    public var regionId: String
    public var resourceGroupId: String
    public var vpcId: String
    public var sourceType: Endpoint.Kind
    /// An instance id, an ENI id or a public address.
    public var source: String
    public var destinationType: Endpoint.Kind
    public var destination: String
    public var `protocol`: PathProtocol
    /// 1–65535 for tcp and udp; -1 for icmp and gre.
    public var port: Int

    public init(name: String, regionId: String, resourceGroupId: String, vpcId: String,
                sourceType: Endpoint.Kind, source: String, destinationType: Endpoint.Kind,
                destination: String, protocol: PathProtocol, port: Int) {
        self.name = name; self.regionId = regionId; self.resourceGroupId = resourceGroupId
        self.vpcId = vpcId; self.sourceType = sourceType; self.source = source
        self.destinationType = destinationType; self.destination = destination
        self.protocol = `protocol`; self.port = port
    }

    /// What the rule engine diagnoses for this path.
    public var request: DiagnosisRequest {
        DiagnosisRequest(source: source, destination: destination, protocol: self.protocol.rawValue,
                         port: port, name: name, vpcId: vpcId, regionId: regionId)
    }

    /// `tcp/22`, or just `icmp`.
    public var protocolAndPort: String { port < 0 ? self.protocol.rawValue : "\(self.protocol.rawValue)/\(port)" }
}
