import Foundation
import NetDiagModel

/// Security groups: `DescribeSecurityGroups` plus one `DescribeSecurityGroupAttribute/<id>.json` each.
extension CloudInventoryReader {
    static let ruleProtocols = ["tcp", "udp", "icmp", "icmpv6", "gre", "all"]
    static let ingressRuleFields = RuleFields(cidr: "SourceCidrIp", ipv6Cidr: "Ipv6SourceCidrIp",
                                              groupId: "SourceGroupId", prefixListId: "SourcePrefixListId")
    static let egressRuleFields = RuleFields(cidr: "DestCidrIp", ipv6Cidr: "Ipv6DestCidrIp",
                                             groupId: "DestGroupId", prefixListId: "DestPrefixListId")

    /// The API fields of a rule named by its direction, built once rather than per rule: those
    /// naming its peer, and `locator` (model field → API field) recorded as its origin's fields.
    struct RuleFields {
        let cidr: String, ipv6Cidr: String, groupId: String, prefixListId: String
        let locator: [String: String]

        init(cidr: String, ipv6Cidr: String, groupId: String, prefixListId: String) {
            self.cidr = cidr; self.ipv6Cidr = ipv6Cidr; self.groupId = groupId; self.prefixListId = prefixListId
            locator = ["cidr": cidr, "ipv6Cidr": ipv6Cidr, "groupId": groupId, "prefixListId": prefixListId,
                       "priority": "Priority", "protocol": "IpProtocol", "portRangeListId": "PortRangeListId"]
        }
    }

    func readSecurityGroups() -> [SecurityGroup] {
        let groups: [SecurityGroup] = items("DescribeSecurityGroups", "SecurityGroups", "SecurityGroup").compactMap { c in
            let id = c["SecurityGroupId"].requiredString()
            let kind = lowered(c["SecurityGroupType"], ["normal", "enterprise"], fallback: "normal")
            let name = c["SecurityGroupName"].string(), listedVpc = c["VpcId"].string()
            let region = c["RegionId"].string(), resourceGroup = c["ResourceGroupId"].string()
            guard let id, let kind else { return nil }
            record("securityGroups/\(id)", c, fields: ["vpcId": "VpcId"])
            var group = SecurityGroup(id: id, name: name ?? "", type: kind == "enterprise" ? .enterprise : .normal,
                                      vpcId: listedVpc ?? "", regionId: region ?? "", resourceGroupId: resourceGroup ?? "")
            readAttribute(into: &group)
            if group.vpcId.isEmpty {
                sink.error(c.file, c.path + ".VpcId", "missing required value, expected the group's VPC id (here or in its attribute file)")
                return nil
            }
            return group
        }
        warnAboutOrphans(in: "DescribeSecurityGroupAttribute", known: Set(groups.map(\.id)),
                         listedIn: "DescribeSecurityGroups")
        return groups
    }

    /// Fills the inner access policy and rules from the group's attribute response.
    private func readAttribute(into group: inout SecurityGroup) {
        let name = "DescribeSecurityGroupAttribute/\(group.id)"
        guard let docs = files.documents(name) else {
            sink.warning(name + ".json", group.id, "security group has no attribute file; its rules are unknown, so it decides nothing for certain")
            group.rulesMissing = "no \(name).json"
            return
        }
        var index = 0
        var origins = ItemOrigins()
        for doc in docs {
            if let other = doc["SecurityGroupId"].string(), other != group.id {
                // Another group's rules must not become this group's: the response is left out.
                sink.warning(doc.file, doc.path + ".SecurityGroupId", "the response is for \(other), not \(group.id); its rules are not loaded")
                group.rulesMissing = "\(doc.file) answers for \(other)"
                continue
            }
            if group.vpcId.isEmpty, let vpc = doc["VpcId"].string() { group.vpcId = vpc }
            if let policy = lowered(doc["InnerAccessPolicy"], ["accept", "drop"], fallback: "") , !policy.isEmpty {
                group.innerAccessPolicy = policy == "drop" ? .drop : .accept
            }
            for c in doc.list("Permissions", "Permission") where c.isObject() {
                if let rule = readRule(c, groupId: group.id, index: index, origins: &origins) { group.rules.append(rule) }
                index += 1
            }
        }
        locator.record(origins, "rules", of: "securityGroups/\(group.id)")
    }

    /// One permission; the peer fields read depend on the direction.
    private func readRule(_ c: JSONCursor, groupId: String, index: Int, origins: inout ItemOrigins) -> SecurityGroupRule? {
        let direction = lowered(c["Direction"], ["ingress", "egress"])
        let policy = lowered(c["Policy"], ["accept", "drop"], fallback: "accept")
        let priority = c["Priority"].int() ?? 1
        let proto = lowered(c["IpProtocol"], Self.ruleProtocols)
        // A rule naming a port list matches the list's ranges; its own PortRange is then -1/-1.
        let portList = c["PortRangeListId"].string()
        let ports = portRange(c["PortRange"], fallback: (proto == "tcp" || proto == "udp") && portList == nil ? nil : .any)
        let sourcePorts = portRange(c["SourcePortRange"], fallback: .any)
        let description = c["Description"].string()
        guard let direction, let policy, let proto, let ports else { return nil }
        let inbound = direction == "ingress"
        let fields = inbound ? Self.ingressRuleFields : Self.egressRuleFields
        let id = c["SecurityGroupRuleId"].string() ?? "\(groupId):rule[\(index)]"
        origins.add(id, c, fields: fields.locator)
        return SecurityGroupRule(
            id: id, direction: inbound ? .ingress : .egress, policy: policy == "drop" ? .drop : .accept,
            priority: priority, protocol: proto, portRange: ports,
            sourcePortRange: sourcePorts?.isAny == false ? sourcePorts : nil,
            cidr: c[fields.cidr].string(), ipv6Cidr: c[fields.ipv6Cidr].string(),
            prefixListId: c[fields.prefixListId].string(), groupId: c[fields.groupId].string(),
            portRangeListId: portList, description: description ?? "")
    }
}
