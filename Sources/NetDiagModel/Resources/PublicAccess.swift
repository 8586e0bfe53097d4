/// An elastic IP address and what it is bound to.
public struct EipAddress: Codable, Hashable, Sendable {
    public var id: String
    public var ip: String
    /// The instance, ENI, NAT gateway, … the EIP is bound to.
    public var instanceId: String?
    /// `EcsInstance`, `NetworkInterface`, `Nat`, …
    public var instanceType: String?
    /// `InUse` or `Available`.
    public var status: String

    public init(id: String, ip: String, instanceId: String? = nil, instanceType: String? = nil, status: String) {
        self.id = id; self.ip = ip; self.instanceId = instanceId; self.instanceType = instanceType
        self.status = status
    }
}

/// An Internet NAT gateway with its SNAT and DNAT (forward) entries.
public struct NatGateway: Codable, Hashable, Sendable {
    public var id: String
    public var vpcId: String
    /// `Enhanced`, `Normal`, …
    public var type: String = "Enhanced"
    public var status: String = "Available"
    /// Public addresses (EIPs) of the gateway.
    public var ips: [String] = []
    public var snatEntries: [SnatEntry] = []
    public var dnatEntries: [DnatEntry] = []

    public init(id: String, vpcId: String, type: String = "Enhanced", status: String = "Available",
                ips: [String] = [], snatEntries: [SnatEntry] = [], dnatEntries: [DnatEntry] = []) {
        self.id = id; self.vpcId = vpcId; self.type = type; self.status = status; self.ips = ips
        self.snatEntries = snatEntries; self.dnatEntries = dnatEntries
    }
}

/// A SNAT entry: private sources (a CIDR or a whole vSwitch) leave through `snatIp`.
public struct SnatEntry: Codable, Hashable, Sendable {
    public var id: String
    public var sourceCidr: String?
    public var sourceVSwitchId: String?
    public var snatIp: String
    public var status: String = "Available"

    public init(id: String, sourceCidr: String? = nil, sourceVSwitchId: String? = nil, snatIp: String,
                status: String = "Available") {
        self.id = id; self.sourceCidr = sourceCidr; self.sourceVSwitchId = sourceVSwitchId
        self.snatIp = snatIp; self.status = status
    }
}

/// A DNAT entry: `externalIp:externalPort` forwards to `internalIp:internalPort`.
/// Ports are `any` for an IP mapping of every port.
public struct DnatEntry: Codable, Hashable, Sendable {
    public var id: String
    public var externalIp: String
    public var externalPort: String
    public var internalIp: String
    public var internalPort: String
    /// `tcp`, `udp` or `any`.
    public var `protocol`: String
    public var status: String = "Available"

    public init(id: String, externalIp: String, externalPort: String, internalIp: String, internalPort: String,
                protocol: String, status: String = "Available") {
        self.id = id; self.externalIp = externalIp; self.externalPort = externalPort
        self.internalIp = internalIp; self.internalPort = internalPort; self.protocol = `protocol`
        self.status = status
    }
}

/// An IPv4 gateway of a VPC; when one is active, only vSwitches routed to it reach the internet.
public struct Ipv4Gateway: Codable, Hashable, Sendable {
    public var id: String
    public var vpcId: String
    public var enabled: Bool = true

    public init(id: String, vpcId: String, enabled: Bool = true) {
        self.id = id; self.vpcId = vpcId; self.enabled = enabled
    }
}

extension EipAddress {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        ip = try c.decode(String.self, forKey: .ip)
        instanceId = try c.decodeIfPresent(String.self, forKey: .instanceId)
        instanceType = try c.decodeIfPresent(String.self, forKey: .instanceType)
        status = try c.decode(String.self, forKey: .status)
    }
}

extension NatGateway {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        vpcId = try c.decode(String.self, forKey: .vpcId)
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? "Enhanced"
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? "Available"
        ips = try c.decodeIfPresent([String].self, forKey: .ips) ?? []
        snatEntries = try c.decodeIfPresent([SnatEntry].self, forKey: .snatEntries) ?? []
        dnatEntries = try c.decodeIfPresent([DnatEntry].self, forKey: .dnatEntries) ?? []
    }
}

extension SnatEntry {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        sourceCidr = try c.decodeIfPresent(String.self, forKey: .sourceCidr)
        sourceVSwitchId = try c.decodeIfPresent(String.self, forKey: .sourceVSwitchId)
        snatIp = try c.decode(String.self, forKey: .snatIp)
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? "Available"
    }
}

extension DnatEntry {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        externalIp = try c.decode(String.self, forKey: .externalIp)
        externalPort = try c.decode(String.self, forKey: .externalPort)
        internalIp = try c.decode(String.self, forKey: .internalIp)
        internalPort = try c.decode(String.self, forKey: .internalPort)
        `protocol` = try c.decode(String.self, forKey: .`protocol`)
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? "Available"
    }
}

extension Ipv4Gateway {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        vpcId = try c.decode(String.self, forKey: .vpcId)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
    }
}
