import NetDiagModel

/// Route table list items, EIPs, NAT gateways with their SNAT/DNAT entries, and prefix lists.
extension APIResponses {
    static func routeTable(_ t: RouteTable) -> JSONText {
        .object([("RouteTableId", .string(t.id)), ("RouteTableName", .string("")),
                 ("RouteTableType", .string(t.type == .system ? "System" : "Custom")),
                 ("AssociateType", .string("VSwitch")), ("VpcId", .string(t.vpcId)),
                 ("VSwitchIds", .strings("VSwitchId", t.vswitchIds)), ("Status", .string("Available")),
                 ("Description", .string(""))])
    }

    static func eip(_ e: EipAddress, regionId: String) -> JSONText {
        .object([("AllocationId", .string(e.id)), ("IpAddress", .string(e.ip)), ("RegionId", .string(regionId)),
                 ("InstanceId", .optional(e.instanceId)), ("InstanceType", .optional(e.instanceType)),
                 ("Status", .string(e.status)), ("Bandwidth", .string("10")), ("InternetChargeType", .string("PayByTraffic"))])
    }

    static func natGateway(_ n: NatGateway, regionId: String, allocations: [String: String]) -> JSONText {
        .object([("NatGatewayId", .string(n.id)), ("Name", .string("egress")), ("VpcId", .string(n.vpcId)),
                 ("RegionId", .string(regionId)), ("NatType", .string(n.type)), ("NetworkType", .string("internet")),
                 ("Status", .string(n.status)), ("BusinessStatus", .string("Normal")),
                 ("SnatTableIds", .strings("SnatTableId", [snatTable(n)])),
                 ("ForwardTableIds", .strings("ForwardTableId", [forwardTable(n)])),
                 ("IpLists", .wrapped("IpList", n.ips.map { ip in
                     .object([("IpAddress", .string(ip)), ("AllocationId", .optional(allocations[ip])),
                              ("UsingStatus", .string("UsedBySnatTable"))])
                 }))])
    }

    static func snatTable(_ n: NatGateway) -> String { "stb-" + n.id.dropFirst(4) }
    static func forwardTable(_ n: NatGateway) -> String { "ftb-" + n.id.dropFirst(4) }

    static func snatEntry(_ e: SnatEntry, table: String) -> JSONText {
        .object([("SnatEntryId", .string(e.id)), ("SnatEntryName", .string("")), ("SnatTableId", .string(table)),
                 ("SourceCIDR", .optional(e.sourceCidr)), ("SourceVSwitchId", .optional(e.sourceVSwitchId)),
                 ("SnatIp", .string(e.snatIp)), ("Status", .string(e.status))])
    }

    static func dnatEntry(_ e: DnatEntry, table: String) -> JSONText {
        .object([("ForwardEntryId", .string(e.id)), ("ForwardEntryName", .string("")), ("ForwardTableId", .string(table)),
                 ("ExternalIp", .string(e.externalIp)), ("ExternalPort", .string(e.externalPort)),
                 ("InternalIp", .string(e.internalIp)), ("InternalPort", .string(e.internalPort)),
                 ("IpProtocol", .string(e.protocol.uppercased())), ("Status", .string(e.status))])
    }

    static func prefixList(_ p: PrefixList) -> JSONText {
        .object([("PrefixListId", .string(p.id)), ("PrefixListName", .string(p.name)),
                 ("Entries", .wrapped("Entry", p.cidrs.map { .object([("Cidr", .string($0))]) }))])
    }
}
