/// The lookup tables under `ctx.inventory`, each keyed by id (or address) and materialised
/// lazily: an object's Lua table is built the first time a rule reads it, then reused.
public enum InventoryCollection: Int32, CaseIterable, Sendable {
    case vpcs = 1
    case vswitches
    case instances
    case networkInterfaces
    case securityGroups
    case routeTables
    case networkAcls
    case natGateways
    case prefixLists
    case guests
    /// Security group id → the private IPv4 addresses of the ENIs in it.
    case groupMembers
    /// Public address → the EIP record.
    case eips
    /// VPC id → its IPv4 gateway.
    case ipv4Gateways
    /// Private IPv4 address → the ENI holding it.
    case interfacesByIp
    /// VPC id → its NAT gateways.
    case natGatewaysByVpc
    /// Port list id → the port list (its ranges).
    case portRangeLists

    /// The field name rules use: `ctx.inventory.<name>[id]`.
    public var luaName: String {
        switch self {
        case .vpcs: "vpcs"
        case .vswitches: "vswitches"
        case .instances: "instances"
        case .networkInterfaces: "networkInterfaces"
        case .securityGroups: "securityGroups"
        case .routeTables: "routeTables"
        case .networkAcls: "networkAcls"
        case .natGateways: "natGateways"
        case .prefixLists: "prefixLists"
        case .guests: "guests"
        case .groupMembers: "groupMembers"
        case .eips: "eips"
        case .ipv4Gateways: "ipv4Gateways"
        case .interfacesByIp: "interfacesByIp"
        case .natGatewaysByVpc: "natGatewaysByVpc"
        case .portRangeLists: "portRangeLists"
        }
    }
}
