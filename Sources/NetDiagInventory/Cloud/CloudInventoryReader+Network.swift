import Foundation
import NetDiagModel

/// VPCs, vSwitches, route tables and network ACLs.
extension CloudInventoryReader {
    func readVpcs() -> [VPC] {
        items("DescribeVpcs", "Vpcs", "Vpc").compactMap { c in
            let id = c["VpcId"].requiredString()
            let cidr = c["CidrBlock"].requiredString()
            let name = c["VpcName"].string(), region = c["RegionId"].string()
            let group = c["ResourceGroupId"].string(), status = c["Status"].string()
            guard let id, let cidr else { return nil }
            record("vpcs/\(id)", c, fields: ["cidr": "CidrBlock"])
            return VPC(id: id, name: name ?? "", cidr: cidr, regionId: region ?? "",
                       resourceGroupId: group ?? "", status: status ?? "Available")
        }
    }

    func readVSwitches(regionByVpc: [String: String]) -> [VSwitch] {
        items("DescribeVSwitches", "VSwitches", "VSwitch").compactMap { c in
            let id = c["VSwitchId"].requiredString()
            let vpc = c["VpcId"].requiredString()
            let cidr = c["CidrBlock"].requiredString()
            let name = c["VSwitchName"].string(), zone = c["ZoneId"].string()
            let region = c["RegionId"].string(), group = c["ResourceGroupId"].string()
            let status = c["Status"].string(), acl = c["NetworkAclId"].string()
            let table = c["RouteTable"]["RouteTableId"].string()
            guard let id, let vpc, let cidr else { return nil }
            record("vswitches/\(id)", c, fields: ["cidr": "CidrBlock", "vpcId": "VpcId",
                                                   "networkAclId": "NetworkAclId",
                                                   "routeTableId": "RouteTable.RouteTableId"])
            return VSwitch(id: id, name: name ?? "", vpcId: vpc, cidr: cidr, zoneId: zone ?? "",
                           regionId: region ?? regionByVpc[vpc] ?? "", resourceGroupId: group ?? "",
                           status: status ?? "Available", networkAclId: acl, routeTableId: table)
        }
    }

    func readRouteTables() -> [RouteTable] {
        let tables: [RouteTable] = items("DescribeRouteTableList", "RouterTableList", "RouterTableListType").compactMap { c in
            let id = c["RouteTableId"].requiredString()
            let vpc = c["VpcId"].requiredString()
            let kind = lowered(c["RouteTableType"], ["system", "custom"])
            let vswitches = c.strings("VSwitchIds", "VSwitchId")
            guard let id, let vpc, let kind else { return nil }
            record("routeTables/\(id)", c, fields: ["vpcId": "VpcId", "vswitchIds": "VSwitchIds"])
            let entries = readRouteEntries(tableId: id)
            return RouteTable(id: id, type: kind == "system" ? .system : .custom, vpcId: vpc,
                              vswitchIds: vswitches, entries: entries)
        }
        warnAboutOrphans(in: "DescribeRouteEntryList", known: Set(tables.map(\.id)), listedIn: "DescribeRouteTableList")
        return tables
    }

    /// The entries of one table from `DescribeRouteEntryList/<id>.json`.
    func readRouteEntries(tableId: String) -> [RouteEntry] {
        let name = "DescribeRouteEntryList/\(tableId)"
        guard let docs = files.documents(name) else {
            sink.warning(name + ".json", tableId, "route table has no entry list; it is loaded without routes")
            return []
        }
        let list = docs.flatMap { $0.list("RouteEntrys", "RouteEntry") }.filter { $0.isObject() }
        return list.compactMap { c in
            let destination = c["DestinationCidrBlock"].requiredString()
            let type = c["Type"].string(), status = c["Status"].string()
            var hops: [NextHop] = c.list("NextHops", "NextHop").filter { $0.isObject() }.compactMap { h in
                guard let type = h["NextHopType"].requiredString() else { return nil }
                return NextHop(type: type, id: h["NextHopId"].string() ?? "", enabled: h["Enabled"].bool() ?? true)
            }
            if hops.isEmpty, let type = c["NextHopType"].string() {
                hops = [NextHop(type: type, id: c["NextHopId"].string() ?? c["InstanceId"].string() ?? "")]
            }
            guard let destination else { return nil }
            let id = c["RouteEntryId"].string() ?? "\(tableId):\(destination)"
            record("routeTables/\(tableId)/entries/\(id)", c, fields: ["destination": "DestinationCidrBlock",
                                                                      "nextHops": "NextHops"])
            return RouteEntry(id: id, destination: destination, type: type ?? "Custom",
                              status: status ?? "Available", nextHops: hops)
        }
    }

    func readNetworkAcls() -> [NetworkAcl] {
        items("DescribeNetworkAcls", "NetworkAcls", "NetworkAcl").compactMap { c in
            let id = c["NetworkAclId"].requiredString()
            let vpc = c["VpcId"].requiredString()
            let name = c["NetworkAclName"].string(), status = c["Status"].string()
            let vswitches = c.list("Resources", "Resource").filter { $0.isObject() }.compactMap { r -> String? in
                let type = r["ResourceType"].string()
                guard type == nil || type?.lowercased() == "vswitch" else { return nil }
                return r["ResourceId"].requiredString()
            }
            guard let id, let vpc else { return nil }
            record("networkAcls/\(id)", c, fields: ["vpcId": "VpcId", "vswitchIds": "Resources"])
            let ingress = aclEntries(c.list("IngressAclEntries", "IngressAclEntry"), aclId: id,
                                     collection: "ingress", cidrField: "SourceCidrIp")
            let egress = aclEntries(c.list("EgressAclEntries", "EgressAclEntry"), aclId: id,
                                    collection: "egress", cidrField: "DestinationCidrIp")
            return NetworkAcl(id: id, name: name ?? "", vpcId: vpc, status: status ?? "Available",
                              vswitchIds: vswitches, ingress: ingress, egress: egress)
        }
    }

    private func aclEntries(_ list: [JSONCursor], aclId: String, collection: String, cidrField: String) -> [AclEntry] {
        list.filter { $0.isObject() }.enumerated().compactMap { index, c in
            let policy = lowered(c["Policy"], ["accept", "drop"])
            let proto = lowered(c["Protocol"], ["tcp", "udp", "icmp", "gre", "all"])
            let ports = portRange(c["Port"], fallback: proto == "tcp" || proto == "udp" ? nil : .any)
            let cidr = c[cidrField].requiredString()
            let name = c["NetworkAclEntryName"].string()
            let entryType = c["EntryType"].string()?.lowercased()
            guard let policy, let proto, let ports, let cidr else { return nil }
            let id = c["NetworkAclEntryId"].string() ?? "\(aclId):\(collection)[\(index)]"
            record("networkAcls/\(aclId)/\(collection)/\(id)", c, fields: ["cidr": cidrField, "protocol": "Protocol"])
            return AclEntry(id: id, name: name ?? "", policy: policy == "accept" ? .accept : .drop,
                            protocol: proto, portRange: ports, cidr: cidr, entryType: entryType ?? "custom")
        }
    }

    func readIpv4Gateways() -> [Ipv4Gateway] {
        items("DescribeIpv4Gateways", "Ipv4Gateways", "Ipv4Gateway").compactMap { c in
            let id = c["Ipv4GatewayId"].requiredString()
            let vpc = c["VpcId"].requiredString()
            let enabled = c["Enabled"].bool()
            let status = c["Status"].string()?.lowercased()
            guard let id, let vpc else { return nil }
            record("ipv4Gateways/\(id)", c, fields: ["vpcId": "VpcId"])
            let active = enabled ?? status.map { ["created", "active", "available", "enabled"].contains($0) } ?? true
            return Ipv4Gateway(id: id, vpcId: vpc, enabled: active)
        }
    }
}
