import NetDiagModel

/// Model values rendered as the cloud's API response items (the fields the loader reads, plus
/// the usual unused ones, with `""` for unset strings as the API writes them).
enum APIResponses {
    static func vpc(_ vpc: VPC, vswitchIds: [String]) -> JSONText {
        .object([("VpcId", .string(vpc.id)), ("VpcName", .string(vpc.name)), ("RegionId", .string(vpc.regionId)),
                 ("Status", .string(vpc.status)), ("CidrBlock", .string(vpc.cidr)),
                 ("VRouterId", .string("vrt-" + vpc.id.dropFirst(4))), ("IsDefault", .bool(false)),
                 ("ResourceGroupId", .string(vpc.resourceGroupId)), ("VSwitchIds", .strings("VSwitchId", vswitchIds)),
                 ("Description", .string("")), ("CreationTime", .string("2024-03-01T08:00:00Z"))])
    }

    static func vswitch(_ vsw: VSwitch, tableType: String) -> JSONText {
        .object([("VSwitchId", .string(vsw.id)), ("VSwitchName", .string(vsw.name)), ("VpcId", .string(vsw.vpcId)),
                 ("Status", .string(vsw.status)), ("CidrBlock", .string(vsw.cidr)), ("ZoneId", .string(vsw.zoneId)),
                 ("AvailableIpAddressCount", .int(200)), ("NetworkAclId", .optional(vsw.networkAclId)),
                 ("RouteTable", .object([("RouteTableId", .optional(vsw.routeTableId)), ("RouteTableType", .string(tableType))])),
                 ("ResourceGroupId", .string(vsw.resourceGroupId)), ("Description", .string("")),
                 ("CreationTime", .string("2024-03-01T08:05:00Z"))])
    }

    static func privateIpSets(_ ips: [String]) -> JSONText {
        .wrapped("PrivateIpSet", ips.enumerated().map { n, ip in
            .object([("PrivateIpAddress", .string(ip)), ("Primary", .bool(n == 0))])
        })
    }

    static func instance(_ i: Instance, enis: [NetworkInterface], eipAllocation: String?, primaryStyle: Bool) -> JSONText {
        .object([
            ("InstanceId", .string(i.id)), ("InstanceName", .string(i.name)), ("HostName", .string(i.name)),
            ("Status", .string(i.status)), ("RegionId", .string(i.regionId)), ("ZoneId", .string(i.zoneId)),
            ("InstanceType", .string(i.osType == "windows" ? "ecs.g7.xlarge" : "ecs.g7.large")),
            ("OSType", .string(i.osType)), ("OSName", .string(i.osName)), ("ResourceGroupId", .string(i.resourceGroupId)),
            ("InstanceNetworkType", .string("vpc")), ("SecurityGroupIds", .strings("SecurityGroupId", i.securityGroupIds)),
            ("VpcAttributes", .object([("VpcId", .string(i.vpcId)), ("VSwitchId", .string(i.vswitchId)),
                                       ("PrivateIpAddress", .strings("IpAddress", i.privateIps)), ("NatIpAddress", .string(""))])),
            ("PublicIpAddress", .strings("IpAddress", i.publicIps)),
            ("EipAddress", .object([("IpAddress", .optional(i.eip)), ("AllocationId", .optional(eipAllocation)),
                                    ("InternetChargeType", .string(i.eip == nil ? "" : "PayByTraffic"))])),
            ("InternetMaxBandwidthOut", primaryStyle ? .int(i.internetMaxBandwidthOut) : .string(String(i.internetMaxBandwidthOut))),
            ("InternetMaxBandwidthIn", .int(-1)),
            ("NetworkInterfaces", .wrapped("NetworkInterface", enis.map { eni in
                .object([("Type", .string(eni.type.rawValue)), ("NetworkInterfaceId", .string(eni.id)),
                         ("PrimaryIpAddress", .string(eni.primaryIp)), ("MacAddress", .string(mac(eni.primaryIp))),
                         ("PrivateIpSets", privateIpSets(eni.privateIps))])
            })),
            ("CreationTime", .string("2024-03-05T09:00Z")), ("ExpiredTime", .string("2099-12-31T15:59Z")),
        ])
    }

    static func networkInterface(_ eni: NetworkInterface, allocations: [String: String]) -> JSONText {
        let publicIp = eni.publicIps.first
        let associated: JSONText = .object([("PublicIpAddress", .optional(publicIp)),
                                            ("AllocationId", .optional(publicIp.flatMap { allocations[$0] }))])
        return .object([
            ("NetworkInterfaceId", .string(eni.id)), ("NetworkInterfaceName", .string("")), ("Type", .string(eni.type.rawValue)),
            ("Status", .string(eni.status)), ("InstanceId", .optional(eni.instanceId)), ("VpcId", .string(eni.vpcId)),
            ("VSwitchId", .string(eni.vswitchId)), ("ZoneId", .string(eni.zoneId)), ("RegionId", .string(eni.regionId)),
            ("ResourceGroupId", .string(eni.resourceGroupId)),
            ("MacAddress", .string(mac(eni.primaryIp))), ("PrivateIpAddress", .string(eni.primaryIp)),
            ("PrivateIpSets", privateIpSets(eni.privateIps)), ("SecurityGroupIds", .strings("SecurityGroupId", eni.securityGroupIds)),
            ("AssociatedPublicIp", associated), ("Ipv6Sets", .wrapped("Ipv6Set", [])),
        ])
    }

    static func securityGroup(_ g: SecurityGroup) -> JSONText {
        .object([("SecurityGroupId", .string(g.id)), ("SecurityGroupName", .string(g.name)),
                 ("SecurityGroupType", .string(g.type.rawValue)), ("VpcId", .string(g.vpcId)), ("RegionId", .string(g.regionId)),
                 ("ResourceGroupId", .string(g.resourceGroupId)), ("Description", .string("")),
                 ("RuleCount", .int(g.rules.count)), ("CreationTime", .string("2024-03-01T08:10:00Z"))])
    }

    static func permission(_ r: SecurityGroupRule, numericPriority: Bool) -> JSONText {
        let ingress = r.direction == .ingress
        func peer(_ value: String?, _ wanted: Bool) -> JSONText { .string(wanted ? value ?? "" : "") }
        return .object([
            ("SecurityGroupRuleId", .string(r.id)), ("Direction", .string(r.direction.rawValue)),
            ("Policy", .string(r.policy == .accept ? "Accept" : "Drop")),
            ("Priority", numericPriority ? .int(r.priority) : .string(String(r.priority))),
            ("IpProtocol", .string(r.protocol.uppercased())), ("PortRange", .string(r.portRange.description)),
            ("SourcePortRange", .string(r.sourcePortRange?.description ?? "")),
            ("SourceCidrIp", peer(r.cidr, ingress)), ("Ipv6SourceCidrIp", peer(r.ipv6Cidr, ingress)),
            ("SourceGroupId", peer(r.groupId, ingress)), ("SourcePrefixListId", peer(r.prefixListId, ingress)),
            ("SourceGroupOwnerAccount", .string("")),
            ("DestCidrIp", peer(r.cidr, !ingress)), ("Ipv6DestCidrIp", peer(r.ipv6Cidr, !ingress)),
            ("DestGroupId", peer(r.groupId, !ingress)), ("DestPrefixListId", peer(r.prefixListId, !ingress)),
            ("NicType", .string("intranet")), ("Description", .string(r.description)),
            ("CreateTime", .string("2024-03-01T08:20:00Z")),
        ])
    }

    static func routeEntry(_ e: RouteEntry, table: String) -> JSONText {
        .object([("RouteEntryId", .string(e.id)), ("RouteEntryName", .string("")), ("RouteTableId", .string(table)),
                 ("DestinationCidrBlock", .string(e.destination)), ("Type", .string(e.type)), ("Status", .string(e.status)),
                 ("IpVersion", .string("ipv4")), ("Description", .string("")),
                 ("NextHops", .wrapped("NextHop", e.nextHops.map { hop in
                     .object([("NextHopType", .string(hop.type)), ("NextHopId", .string(hop.id)),
                              ("Enabled", .int(hop.enabled ? 1 : 0)), ("Weight", .int(0))])
                 }))])
    }

    static func aclEntry(_ e: AclEntry, ingress: Bool) -> JSONText {
        .object([("NetworkAclEntryId", .string(e.id)), ("NetworkAclEntryName", .string(e.name)),
                 ("Policy", .string(e.policy.rawValue)), ("Protocol", .string(e.protocol)),
                 ("Port", .string(e.portRange.description)), ("EntryType", .string(e.entryType)),
                 ("IpVersion", .string("IPV4")), ("Description", .string("")),
                 (ingress ? "SourceCidrIp" : "DestinationCidrIp", .string(e.cidr))])
    }

    static func networkAcl(_ acl: NetworkAcl, regionId: String) -> JSONText {
        .object([("NetworkAclId", .string(acl.id)), ("NetworkAclName", .string(acl.name)), ("VpcId", .string(acl.vpcId)),
                 ("RegionId", .string(regionId)), ("Status", .string(acl.status)), ("Description", .string("")),
                 ("IngressAclEntries", .wrapped("IngressAclEntry", acl.ingress.map { aclEntry($0, ingress: true) })),
                 ("EgressAclEntries", .wrapped("EgressAclEntry", acl.egress.map { aclEntry($0, ingress: false) })),
                 ("Resources", .wrapped("Resource", acl.vswitchIds.map {
                     .object([("ResourceId", .string($0)), ("ResourceType", .string("VSwitch")), ("Status", .string("BINDED"))])
                 }))])
    }

    /// A locally administered MAC derived from the address (stable, unique per address).
    static func mac(_ ip: String) -> String {
        let octets = ip.split(separator: ".").compactMap { UInt8($0) }
        return (["00", "16", "3e"] + octets.suffix(3).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }).joined(separator: ":")
    }
}
