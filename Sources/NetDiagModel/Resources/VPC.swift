/// A virtual private cloud.
public struct VPC: Codable, Hashable, Sendable {
    public var id: String
    public var name: String = ""
    public var cidr: String
    public var regionId: String = ""
    public var resourceGroupId: String = ""
    public var status: String = "Available"

    public init(id: String, name: String = "", cidr: String, regionId: String = "",
                resourceGroupId: String = "", status: String = "Available") {
        self.id = id; self.name = name; self.cidr = cidr; self.regionId = regionId
        self.resourceGroupId = resourceGroupId; self.status = status
    }
}

/// A vSwitch (subnet) of a VPC, with its bound network ACL and route table.
public struct VSwitch: Codable, Hashable, Sendable {
    public var id: String
    public var name: String = ""
    public var vpcId: String
    public var cidr: String
    public var zoneId: String = ""
    public var regionId: String = ""
    public var resourceGroupId: String = ""
    public var status: String = "Available"
    /// The network ACL bound to the vSwitch, if any.
    public var networkAclId: String?
    /// The route table bound to the vSwitch as the API reports it; the inventory
    /// resolves a missing one to the VPC's system table.
    public var routeTableId: String?

    public init(id: String, name: String = "", vpcId: String, cidr: String, zoneId: String = "",
                regionId: String = "", resourceGroupId: String = "", status: String = "Available",
                networkAclId: String? = nil, routeTableId: String? = nil) {
        self.id = id; self.name = name; self.vpcId = vpcId; self.cidr = cidr; self.zoneId = zoneId
        self.regionId = regionId; self.resourceGroupId = resourceGroupId; self.status = status
        self.networkAclId = networkAclId; self.routeTableId = routeTableId
    }
}

extension VPC {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        cidr = try c.decode(String.self, forKey: .cidr)
        regionId = try c.decodeIfPresent(String.self, forKey: .regionId) ?? ""
        resourceGroupId = try c.decodeIfPresent(String.self, forKey: .resourceGroupId) ?? ""
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? "Available"
    }
}

extension VSwitch {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        vpcId = try c.decode(String.self, forKey: .vpcId)
        cidr = try c.decode(String.self, forKey: .cidr)
        zoneId = try c.decodeIfPresent(String.self, forKey: .zoneId) ?? ""
        regionId = try c.decodeIfPresent(String.self, forKey: .regionId) ?? ""
        resourceGroupId = try c.decodeIfPresent(String.self, forKey: .resourceGroupId) ?? ""
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? "Available"
        networkAclId = try c.decodeIfPresent(String.self, forKey: .networkAclId)
        routeTableId = try c.decodeIfPresent(String.self, forKey: .routeTableId)
    }
}
