import NetDiagModel

/// Answers `ctx.inventory.<collection>[key]` from an inventory, for the lazy Lua tables.
final class InventoryViews: @unchecked Sendable {
    let index: InventoryIndex
    private let groupMembers: [String: [String]]
    private let eipsByIp: [String: EipAddress]
    private let ipv4GatewayByVpc: [String: Ipv4Gateway]
    private let natGatewaysByVpc: [String: [NatGateway]]
    private let prefixLists: [String: PrefixList]

    init(_ index: InventoryIndex) {
        self.index = index
        var members: [String: [String]] = [:]
        for eni in index.inventory.networkInterfaces {
            for group in eni.securityGroupIds { members[group, default: []].append(contentsOf: eni.privateIps) }
        }
        groupMembers = members
        eipsByIp = Dictionary(index.inventory.eips.map { ($0.ip, $0) }, uniquingKeysWith: { a, _ in a })
        ipv4GatewayByVpc = Dictionary(index.inventory.ipv4Gateways.map { ($0.vpcId, $0) }, uniquingKeysWith: { a, _ in a })
        natGatewaysByVpc = Dictionary(grouping: index.inventory.natGateways, by: \.vpcId)
        prefixLists = Dictionary(index.inventory.prefixLists.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Writes the Lua view of one object; false when there is none.
    func write(_ collection: InventoryCollection, _ key: String, into out: inout PayloadWriter) throws -> Bool {
        if collection == .securityGroups {
            guard let group = index.securityGroups[key] else { return false }
            GroupPayload.write(group, into: &out)
            return true
        }
        guard let payload = try payload(collection, key) else { return false }
        payload.write(into: &out)
        return true
    }

    /// The Lua view of one object other than a security group, or nil when there is none.
    private func payload(_ collection: InventoryCollection, _ key: String) throws -> LuaPayload? {
        switch collection {
        case .vpcs: try index.vpcs[key].map(LuaPayloadEncoder.encode)
        case .vswitches: try index.vswitches[key].map(LuaPayloadEncoder.encode)
        case .instances: try index.instances[key].map(LuaPayloadEncoder.encode)
        case .networkInterfaces: try index.networkInterfaces[key].map(LuaPayloadEncoder.encode)
        case .securityGroups: try index.securityGroups[key].map(LuaPayloadEncoder.encode)
        case .routeTables: try index.routeTables[key].map(LuaPayloadEncoder.encode)
        case .networkAcls: try index.networkAcls[key].map(LuaPayloadEncoder.encode)
        case .natGateways: try index.natGateways[key].map(LuaPayloadEncoder.encode)
        case .prefixLists: try prefixLists[key].map(LuaPayloadEncoder.encode)
        case .guests: try index.guests[key].map(LuaPayloadEncoder.encode)
        case .groupMembers: .list((groupMembers[key] ?? []).map(LuaPayload.string))
        case .eips: try eipsByIp[key].map(LuaPayloadEncoder.encode)
        case .ipv4Gateways: try ipv4GatewayByVpc[key].map(LuaPayloadEncoder.encode)
        case .interfacesByIp: try index.interfaceByPrivateIp[key].map(LuaPayloadEncoder.encode)
        case .natGatewaysByVpc: try .list((natGatewaysByVpc[key] ?? []).map(LuaPayloadEncoder.encode))
        }
    }
}
