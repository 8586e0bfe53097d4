/// What `inventory collect` calls: the region-wide lists, then per-id actions for every id the
/// lists name. Page sizes are each action's documented maximum, to keep the call count low.
enum CollectPlan {
    /// A list action and whether it takes a `VpcId` filter.
    struct Entry {
        var call: ListCall
        var byVpc: Bool
    }

    static func lists(region: String) -> [Entry] {
        let r = ["RegionId": region]
        func e(_ p: APIProduct, _ action: String, _ paging: Paging, _ wrapper: String, _ item: String,
               byVpc: Bool) -> Entry {
            Entry(call: ListCall(p, action, r, paging: paging, list: (wrapper, item)), byVpc: byVpc)
        }
        return [
            e(.vpc, "DescribeVpcs", .pageNumber(size: 50), "Vpcs", "Vpc", byVpc: true),
            e(.vpc, "DescribeVSwitches", .pageNumber(size: 50), "VSwitches", "VSwitch", byVpc: true),
            e(.ecs, "DescribeInstances", .nextToken(maxResults: 100), "Instances", "Instance", byVpc: true),
            e(.ecs, "DescribeNetworkInterfaces", .nextToken(maxResults: 500), "NetworkInterfaceSets", "NetworkInterfaceSet", byVpc: true),
            e(.ecs, "DescribeSecurityGroups", .nextToken(maxResults: 100), "SecurityGroups", "SecurityGroup", byVpc: true),
            e(.vpc, "DescribeRouteTableList", .pageNumber(size: 50), "RouterTableList", "RouterTableListType", byVpc: true),
            e(.vpc, "DescribeNetworkAcls", .pageNumber(size: 50), "NetworkAcls", "NetworkAcl", byVpc: true),
            e(.vpc, "DescribeEipAddresses", .pageNumber(size: 100), "EipAddresses", "EipAddress", byVpc: false),
            e(.vpc, "DescribeNatGateways", .pageNumber(size: 50), "NatGateways", "NatGateway", byVpc: true),
            e(.vpc, "DescribeIpv4Gateways", .nextToken(maxResults: 100), "Ipv4Gateways", "Ipv4Gateway", byVpc: true),
            e(.ecs, "DescribePrefixLists", .nextToken(maxResults: 100), "PrefixLists", "PrefixList", byVpc: false),
            e(.ecs, "DescribePortRangeLists", .nextToken(maxResults: 100), "PortRangeLists", "PortRangeList", byVpc: false),
        ]
    }

    static func securityGroupAttribute(region: String, id: String) -> ListCall {
        ListCall(.ecs, "DescribeSecurityGroupAttribute", ["RegionId": region, "SecurityGroupId": id],
                 paging: .nextToken(maxResults: 1000), list: nil, file: "DescribeSecurityGroupAttribute/\(id)")
    }

    static func routeEntries(region: String, id: String) -> ListCall {
        ListCall(.vpc, "DescribeRouteEntryList", ["RegionId": region, "RouteTableId": id],
                 paging: .nextToken(maxResults: 100), list: nil, file: "DescribeRouteEntryList/\(id)")
    }

    static func snatEntries(region: String, id: String) -> ListCall {
        ListCall(.vpc, "DescribeSnatTableEntries", ["RegionId": region, "SnatTableId": id],
                 paging: .pageNumber(size: 50), list: ("SnatTableEntries", "SnatTableEntry"),
                 file: "DescribeSnatTableEntries/\(id)")
    }

    static func forwardEntries(region: String, id: String) -> ListCall {
        ListCall(.vpc, "DescribeForwardTableEntries", ["RegionId": region, "ForwardTableId": id],
                 paging: .pageNumber(size: 50), list: ("ForwardTableEntries", "ForwardTableEntry"),
                 file: "DescribeForwardTableEntries/\(id)")
    }

    static func prefixListAttributes(region: String, id: String) -> ListCall {
        ListCall(.ecs, "DescribePrefixListAttributes", ["RegionId": region, "PrefixListId": id],
                 paging: .none, list: nil, file: "DescribePrefixListAttributes/\(id)")
    }

    static func portRangeListEntries(region: String, id: String) -> ListCall {
        ListCall(.ecs, "DescribePortRangeListEntries", ["RegionId": region, "PortRangeListId": id],
                 paging: .none, list: nil, file: "DescribePortRangeListEntries/\(id)")
    }
}
