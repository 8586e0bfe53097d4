/// An ECS instance. Its network identity lives on its ENIs; `primaryEniId` names the primary one.
public struct Instance: Codable, Hashable, Sendable {
    public var id: String
    public var name: String = ""
    /// `Running`, `Stopped`, `Starting`, `Stopping`, …
    public var status: String
    public var regionId: String = ""
    public var zoneId: String = ""
    public var resourceGroupId: String = ""
    /// `linux` or `windows`, as the API reports it.
    public var osType: String = ""
    /// The image's display name as the API reports it (`OSName`, often localized) and in English
    /// (`OSNameEn`); the guest-OS rules read the OS from them when system.json does not name it.
    public var osName: String = ""
    public var osNameEn: String = ""
    public var vpcId: String
    public var vswitchId: String
    public var primaryEniId: String?
    public var privateIps: [String] = []
    /// Static public IPs assigned by the platform (not EIPs).
    public var publicIps: [String] = []
    /// The EIP bound to the instance, if any.
    public var eip: String?
    public var securityGroupIds: [String] = []
    public var internetMaxBandwidthOut: Int = 0

    public init(id: String, name: String = "", status: String, regionId: String = "", zoneId: String = "",
                resourceGroupId: String = "", osType: String = "", osName: String = "", osNameEn: String = "", vpcId: String,
                vswitchId: String, primaryEniId: String? = nil, privateIps: [String] = [],
                publicIps: [String] = [], eip: String? = nil, securityGroupIds: [String] = [],
                internetMaxBandwidthOut: Int = 0) {
        self.id = id; self.name = name; self.status = status; self.regionId = regionId
        self.zoneId = zoneId; self.resourceGroupId = resourceGroupId; self.osType = osType
        self.osName = osName; self.osNameEn = osNameEn; self.vpcId = vpcId; self.vswitchId = vswitchId
        self.primaryEniId = primaryEniId; self.privateIps = privateIps; self.publicIps = publicIps
        self.eip = eip; self.securityGroupIds = securityGroupIds
        self.internetMaxBandwidthOut = internetMaxBandwidthOut
    }
}

/// An elastic network interface.
public struct NetworkInterface: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable { case primary = "Primary", secondary = "Secondary" }

    public var id: String
    public var type: Kind
    /// `InUse`, `Available`, `Attaching`, …
    public var status: String
    public var instanceId: String?
    public var vpcId: String
    public var vswitchId: String
    public var zoneId: String = ""
    public var regionId: String = ""
    public var resourceGroupId: String = ""
    public var primaryIp: String
    /// Every private IPv4 address, the primary first.
    public var privateIps: [String] = []
    public var ipv6s: [String] = []
    /// Public addresses associated with the ENI (EIPs bound to it or to its private IPs).
    public var publicIps: [String] = []
    public var securityGroupIds: [String] = []

    public init(id: String, type: Kind, status: String, instanceId: String? = nil, vpcId: String,
                vswitchId: String, zoneId: String = "", regionId: String = "", resourceGroupId: String = "",
                primaryIp: String, privateIps: [String] = [], ipv6s: [String] = [], publicIps: [String] = [],
                securityGroupIds: [String] = []) {
        self.id = id; self.type = type; self.status = status; self.instanceId = instanceId
        self.vpcId = vpcId; self.vswitchId = vswitchId; self.zoneId = zoneId; self.regionId = regionId
        self.resourceGroupId = resourceGroupId; self.primaryIp = primaryIp
        self.privateIps = privateIps.isEmpty ? [primaryIp] : privateIps
        self.ipv6s = ipv6s; self.publicIps = publicIps; self.securityGroupIds = securityGroupIds
    }
}

extension Instance {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        status = try c.decode(String.self, forKey: .status)
        regionId = try c.decodeIfPresent(String.self, forKey: .regionId) ?? ""
        zoneId = try c.decodeIfPresent(String.self, forKey: .zoneId) ?? ""
        resourceGroupId = try c.decodeIfPresent(String.self, forKey: .resourceGroupId) ?? ""
        osType = try c.decodeIfPresent(String.self, forKey: .osType) ?? ""
        osName = try c.decodeIfPresent(String.self, forKey: .osName) ?? ""
        osNameEn = try c.decodeIfPresent(String.self, forKey: .osNameEn) ?? ""
        vpcId = try c.decode(String.self, forKey: .vpcId)
        vswitchId = try c.decode(String.self, forKey: .vswitchId)
        primaryEniId = try c.decodeIfPresent(String.self, forKey: .primaryEniId)
        privateIps = try c.decodeIfPresent([String].self, forKey: .privateIps) ?? []
        publicIps = try c.decodeIfPresent([String].self, forKey: .publicIps) ?? []
        eip = try c.decodeIfPresent(String.self, forKey: .eip)
        securityGroupIds = try c.decodeIfPresent([String].self, forKey: .securityGroupIds) ?? []
        internetMaxBandwidthOut = try c.decodeIfPresent(Int.self, forKey: .internetMaxBandwidthOut) ?? 0
    }
}

extension NetworkInterface {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        type = try c.decode(Kind.self, forKey: .type)
        status = try c.decode(String.self, forKey: .status)
        instanceId = try c.decodeIfPresent(String.self, forKey: .instanceId)
        vpcId = try c.decode(String.self, forKey: .vpcId)
        vswitchId = try c.decode(String.self, forKey: .vswitchId)
        zoneId = try c.decodeIfPresent(String.self, forKey: .zoneId) ?? ""
        regionId = try c.decodeIfPresent(String.self, forKey: .regionId) ?? ""
        resourceGroupId = try c.decodeIfPresent(String.self, forKey: .resourceGroupId) ?? ""
        primaryIp = try c.decode(String.self, forKey: .primaryIp)
        // As the memberwise initialiser does: an ENI holds at least its primary address.
        privateIps = try c.decodeIfPresent([String].self, forKey: .privateIps) ?? [primaryIp]
        ipv6s = try c.decodeIfPresent([String].self, forKey: .ipv6s) ?? []
        publicIps = try c.decodeIfPresent([String].self, forKey: .publicIps) ?? []
        securityGroupIds = try c.decodeIfPresent([String].self, forKey: .securityGroupIds) ?? []
    }
}
