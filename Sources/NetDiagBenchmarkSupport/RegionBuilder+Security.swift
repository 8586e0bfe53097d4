import NetDiagModel

/// Security groups and their rules: overlapping CIDRs, group references, drops at several
/// priorities, egress rules, prefix lists and a few IPv6 peers.
extension RegionBuilder {
    static let wellKnownPorts = [22, 80, 443, 3306, 3389, 5432, 6379, 8080, 8443, 9200, 27017, 1433, 1521, 23, 53]
    static let portRanges = ["8000/8999", "30000/32767", "1/65535", "1024/65535", "9000/9100"]

    func buildSecurityGroups() {
        groupsByVpc = Array(repeating: [[], []], count: spec.vpcs)
        for g in 0..<spec.securityGroups {
            let v = g % spec.vpcs
            // Every VPC keeps at least one basic group; about one group in ten is enterprise.
            let enterprise = g >= spec.vpcs && (g == spec.vpcs + 3 || rng.chance(0.1))
            let id = makeId("sg")
            let role = ["web", "app", "db", "cache", "ops", "batch", "default", "bastion"][rng.below(8)]
            inv.securityGroups.append(SecurityGroup(
                id: id, name: "\(role)-\(g)", type: enterprise ? .enterprise : .normal, vpcId: inv.vpcs[v].id,
                regionId: spec.regionId, resourceGroupId: resourceGroups[g % 3],
                innerAccessPolicy: enterprise || rng.chance(0.1) ? .drop : .accept))
            groupsByVpc[v][enterprise ? 1 : 0].append(id)
        }
        for g in inv.securityGroups.indices {
            inv.securityGroups[g].rules = makeRules(for: inv.securityGroups[g], vpc: g % spec.vpcs)
        }
    }

    private func makeRules(for group: SecurityGroup, vpc: Int) -> [SecurityGroupRule] {
        var rules: [SecurityGroupRule] = []
        if spec.rulesPerGroup > 0, group.type == .enterprise || rng.chance(0.5) {
            rules.append(rule(.egress, .accept, 100, "all", .any, cidr: "0.0.0.0/0", "outbound"))
        }
        let basic = groupsByVpc[vpc][0]
        while rules.count < spec.rulesPerGroup {
            let kind = rng.weighted([30, 15, 12, 10, 8, 8, 5, 3, 2, 7])
            switch kind {
            case 0:
                rules.append(rule(.ingress, .accept, acceptPriority(), "tcp", wellKnownRange(), cidr: peerCidr(vpc), "service"))
            case 1:
                rules.append(rule(.ingress, .accept, acceptPriority(), rng.chance(0.8) ? "tcp" : "all",
                                  rng.chance(0.8) ? wellKnownRange() : .any, group: rng.pick(basic), "from group"))
            case 2:
                let proto = rng.chance(0.8) ? "tcp" : "udp"
                rules.append(rule(.ingress, .drop, dropPriority(), proto, wellKnownRange(), cidr: narrowCidr(vpc), "block"))
            case 3:
                let proto = rng.pick(["udp", "icmp", "all"])
                let ports = proto == "udp" ? PortRange(rng.pick(["53/53", "123/123", "161/161", "1/65535"]))! : .any
                rules.append(rule(.ingress, .accept, acceptPriority(), proto, ports, cidr: rng.chance(0.5)
                                    ? vpcBlocks[vpc].cidr : vswitchBlocks[rng.pick(vswitchesByVpc[vpc])].cidr, "internal"))
            case 4:
                rules.append(rule(.egress, .accept, acceptPriority(), "tcp", wellKnownRange(), cidr: peerCidr(vpc), "to service"))
            case 5:
                if rng.chance(0.5) {
                    rules.append(rule(.egress, .drop, dropPriority(), "tcp", PortRange("25/25")!, cidr: "0.0.0.0/0", "no smtp"))
                } else {
                    rules.append(rule(.egress, .drop, dropPriority(), "all", .any, cidr: narrowCidr(vpc), "isolate"))
                }
            case 6:
                rules.append(rule(.egress, .accept, acceptPriority(), "tcp", wellKnownRange(), group: rng.pick(basic), "to group"))
            case 7:
                rules.append(rule(.ingress, .accept, acceptPriority(), "tcp", wellKnownRange(),
                                  prefixList: rng.pick(inv.prefixLists).id, "partners"))
            case 8:
                rules.append(rule(.ingress, .accept, acceptPriority(), "tcp", PortRange(rng.pick(["443/443", "80/80"]))!,
                                  ipv6: rng.pick(["::/0", "2408:4000::/32"]), "ipv6"))
            default:
                rules.append(rule(.ingress, .accept, acceptPriority(), rng.chance(0.8) ? "tcp" : "udp",
                                  PortRange(rng.pick(Self.portRanges))!, cidr: peerCidr(vpc), "range"))
            }
        }
        return rules
    }

    private func rule(_ direction: SecurityGroupRule.Direction, _ policy: SecurityGroupRule.Policy, _ priority: Int,
                      _ proto: String, _ ports: PortRange, cidr: String? = nil, ipv6: String? = nil,
                      prefixList: String? = nil, group: String? = nil, _ purpose: String) -> SecurityGroupRule {
        SecurityGroupRule(id: makeId("sgr"), direction: direction, policy: policy, priority: priority,
                          protocol: proto, portRange: ports,
                          sourcePortRange: direction == .ingress && rng.chance(0.03) ? PortRange("1024/65535") : nil,
                          cidr: cidr, ipv6Cidr: ipv6, prefixListId: prefixList, groupId: group,
                          description: "\(purpose) \(proto) \(ports)")
    }

    /// Accept rules mostly keep the default priority 1; the rest spread over 2–100.
    private func acceptPriority() -> Int {
        rng.chance(0.55) ? 1 : rng.pick([2, 5, 10, 50, 100, rng.int(2...100)])
    }

    /// Drops sit at several priorities: before, level with and after the accepts.
    private func dropPriority() -> Int {
        rng.pick([1, 1, 2, 5, 10, 20, 50, 99, 100, rng.int(1...100)])
    }

    private func wellKnownRange() -> PortRange {
        if rng.chance(0.12) { return PortRange(rng.pick(Self.portRanges))! }
        let port = rng.pick(Self.wellKnownPorts)
        return PortRange(start: port, end: port)!
    }

    /// A peer block, from the whole internet down to one host, often nested in another rule's.
    func peerCidr(_ vpc: Int) -> String {
        switch rng.weighted([18, 10, 15, 15, 10, 10, 10, 6, 6]) {
        case 0: return "0.0.0.0/0"
        case 1: return "10.0.0.0/8"
        case 2: return vpcBlocks[vpc].cidr
        case 3: return vswitchBlocks[rng.pick(vswitchesByVpc[vpc])].cidr
        case 4: return vpcBlocks[vpc].subBlock(rng.below(256), length: 24).cidr
        case 5: return vpcBlocks[vpc].subBlock(rng.below(65536), length: rng.pick([28, 32])).cidr
        case 6: return IPv4Block(nextPublic &+ UInt32(rng.below(4096)), 32).cidr
        case 7: return IPv4Block(UInt32(rng.int(1...223)) << 24 | UInt32(rng.below(256)) << 16, 16).cidr
        default: return "100.104.0.0/16"
        }
    }

    /// A narrow block inside the VPC (a vSwitch, a /24, a /28 or a host): it overlaps wider accepts.
    func narrowCidr(_ vpc: Int) -> String {
        switch rng.below(4) {
        case 0: return vswitchBlocks[rng.pick(vswitchesByVpc[vpc])].cidr
        case 1: return vpcBlocks[vpc].subBlock(rng.below(256), length: 24).cidr
        case 2: return vpcBlocks[vpc].subBlock(rng.below(4096), length: 28).cidr
        default: return vpcBlocks[vpc].subBlock(rng.below(65536), length: 32).cidr
        }
    }
}
