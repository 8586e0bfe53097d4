import NetDiagModel

/// Answers `ctx.inventory.<collection>[key]` from an inventory, for the lazy Lua tables.
final class InventoryViews: @unchecked Sendable {
    let index: InventoryIndex
    private let groupMembers: [String: [String]]
    private let eipsByIp: [String: EipAddress]
    private let ipv4GatewayByVpc: [String: Ipv4Gateway]
    private let natGatewaysByVpc: [String: [NatGateway]]
    private let prefixLists: [String: PrefixList]
    private let portRangeLists: [String: PortRangeList]

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
        portRangeLists = Dictionary(index.inventory.portRangeLists.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Writes the Lua view of one object; false when there is none.
    func write(_ collection: InventoryCollection, _ key: String, into out: inout PayloadWriter) throws -> Bool {
        let payload: LuaPayload?
        switch collection {
        case .securityGroups:
            guard let group = index.securityGroups[key] else { return false }
            GroupPayload.write(group, into: &out)
            return true
        case .vpcs: payload = try index.vpcs[key].map(LuaPayloadEncoder.encode)
        case .vswitches: payload = try index.vswitches[key].map(LuaPayloadEncoder.encode)
        case .instances: payload = try index.instances[key].map(LuaPayloadEncoder.encode)
        case .networkInterfaces: payload = try index.networkInterfaces[key].map(LuaPayloadEncoder.encode)
        case .routeTables: payload = try index.routeTables[key].map(LuaPayloadEncoder.encode)
        case .networkAcls: payload = try index.networkAcls[key].map(LuaPayloadEncoder.encode)
        case .natGateways: payload = try index.natGateways[key].map(LuaPayloadEncoder.encode)
        case .prefixLists: payload = try prefixLists[key].map(LuaPayloadEncoder.encode)
        case .guests: payload = try index.guests[key].map(LuaPayloadEncoder.encode)
        case .groupMembers: payload = .list((groupMembers[key] ?? []).map(LuaPayload.string))
        case .eips: payload = try eipsByIp[key].map(LuaPayloadEncoder.encode)
        case .ipv4Gateways: payload = try ipv4GatewayByVpc[key].map(LuaPayloadEncoder.encode)
        case .interfacesByIp: payload = try index.interfaceByPrivateIp[key].map(LuaPayloadEncoder.encode)
        case .natGatewaysByVpc: payload = try .list((natGatewaysByVpc[key] ?? []).map(LuaPayloadEncoder.encode))
        case .portRangeLists: payload = try portRangeLists[key].map(LuaPayloadEncoder.encode)
        }
        guard let payload else { return false }
        payload.write(into: &out)
        return true
    }
}
