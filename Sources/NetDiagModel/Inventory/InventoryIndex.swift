/// Lookups by id over an inventory, with the links the API leaves implicit resolved:
/// an instance's ENIs, a vSwitch's effective route table, a group's members.
public struct InventoryIndex: Sendable {
    public let inventory: Inventory
    public let vpcs: [String: VPC]
    public let vswitches: [String: VSwitch]
    public let instances: [String: Instance]
    public let networkInterfaces: [String: NetworkInterface]
    public let securityGroups: [String: SecurityGroup]
    public let routeTables: [String: RouteTable]
    public let networkAcls: [String: NetworkAcl]
    public let natGateways: [String: NatGateway]
    public let guests: [String: GuestState]
    /// Instance id → its ENIs, the primary first.
    public let interfacesByInstance: [String: [NetworkInterface]]
    /// Private IPv4 address → the ENI holding it.
    public let interfaceByPrivateIp: [String: NetworkInterface]
    /// Public IP or EIP → the ENI it reaches (through an instance's primary ENI for instance-bound ones).
    public let interfaceByPublicIp: [String: NetworkInterface]

    public init(_ inventory: Inventory) {
        self.inventory = inventory
        vpcs = Self.byId(inventory.vpcs, \.id)
        vswitches = Self.byId(inventory.vswitches, \.id)
        instances = Self.byId(inventory.instances, \.id)
        networkInterfaces = Self.byId(inventory.networkInterfaces, \.id)
        securityGroups = Self.byId(inventory.securityGroups, \.id)
        routeTables = Self.byId(inventory.routeTables, \.id)
        networkAcls = Self.byId(inventory.networkAcls, \.id)
        natGateways = Self.byId(inventory.natGateways, \.id)
        guests = Self.byId(inventory.guests, \.instanceId)

        var byInstance: [String: [NetworkInterface]] = [:]
        var byPrivate: [String: NetworkInterface] = [:]
        var byPublic: [String: NetworkInterface] = [:]
        for eni in inventory.networkInterfaces {
            if let owner = eni.instanceId { byInstance[owner, default: []].append(eni) }
            for ip in eni.privateIps where byPrivate[ip] == nil { byPrivate[ip] = eni }
            for ip in eni.publicIps where byPublic[ip] == nil { byPublic[ip] = eni }
        }
        for (owner, list) in byInstance {
            byInstance[owner] = list.sorted { ($0.type == .primary ? 0 : 1, $0.id) < ($1.type == .primary ? 0 : 1, $1.id) }
        }
        for instance in inventory.instances {
            guard let primary = byInstance[instance.id]?.first else { continue }
            for ip in instance.publicIps + [instance.eip].compactMap({ $0 }) where byPublic[ip] == nil {
                byPublic[ip] = primary
            }
        }
        interfacesByInstance = byInstance
        interfaceByPrivateIp = byPrivate
        interfaceByPublicIp = byPublic
    }

    /// The route table a vSwitch uses: its bound custom table, else its VPC's system table.
    public func effectiveRouteTable(forVSwitch id: String) -> RouteTable? {
        if let bound = vswitches[id]?.routeTableId, let table = routeTables[bound] { return table }
        if let table = inventory.routeTables.first(where: { $0.type == .custom && $0.vswitchIds.contains(id) }) {
            return table
        }
        guard let vpc = vswitches[id]?.vpcId else { return nil }
        return inventory.routeTables.first { $0.vpcId == vpc && $0.type == .system }
    }

    /// The network ACL bound to a vSwitch, if any.
    public func networkAcl(forVSwitch id: String) -> NetworkAcl? {
        if let bound = vswitches[id]?.networkAclId, !bound.isEmpty { return networkAcls[bound] }
        return inventory.networkAcls.first { $0.vswitchIds.contains(id) }
    }

    private static func byId<T>(_ items: [T], _ key: KeyPath<T, String>) -> [String: T] {
        var out: [String: T] = [:]
        out.reserveCapacity(items.count)
        for item in items where out[item[keyPath: key]] == nil { out[item[keyPath: key]] = item }
        return out
    }
}
