import NetDiagModel

/// What the rules read about a destination when the source is outside the VPC: two destinations
/// with the same key are treated alike by every rule, so one evaluation serves both. Guest
/// state names the instance's own addresses, so an instance with guest state is a class of its own.
struct EndpointKey: Hashable {
    var kind: String
    var instanceStatus: String?
    var osType: String?
    var osName: String?
    var bandwidthOut: Int?
    var eniType: String?
    var eniStatus: String?
    var bound: Bool
    var vpcId: String
    var vswitchId: String
    var groups: [String]
    var hasPublicAddress: Bool
    /// DNAT entries forwarding to the destination, without its address.
    var dnat: [String]
    /// The instance, when it has guest state.
    var guestOf: String?

    init(_ d: Destination, collector: PredicateCollector, hasGuest: Bool) {
        kind = d.kind
        instanceStatus = d.instance?.status
        osType = d.instance?.osType
        osName = d.instance?.osName
        bandwidthOut = d.instance?.internetMaxBandwidthOut
        eniType = d.interface?.type.rawValue
        eniStatus = d.interface?.status
        bound = d.interface?.instanceId != nil
        vpcId = d.vpcId
        vswitchId = d.interface?.vswitchId ?? d.instance?.vswitchId ?? ""
        groups = (d.interface?.securityGroupIds ?? []).sorted()
        hasPublicAddress = !d.publicAddresses.isEmpty
        dnat = d.interface.map { eni in
            collector.dnatEntries(to: eni).map { "\($0.id) \($0.externalIp):\($0.externalPort) \($0.internalPort) \($0.protocol) \($0.status)" }.sorted()
        } ?? []
        guestOf = hasGuest ? d.instance?.id : nil
    }
}
