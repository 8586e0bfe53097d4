import NetDiagModel

/// Referential checks: every id a resource names must exist and agree; problems are warnings.
extension ValidationPass {
    func checkLinks() {
        let inv = inventory
        let vpcs = Set(inv.vpcs.map(\.id)), instances = Set(inv.instances.map(\.id))
        let enis = Set(inv.networkInterfaces.map(\.id)), nats = Set(inv.natGateways.map(\.id))
        let prefixLists = Set(inv.prefixLists.map(\.id)), ipv4Gateways = Set(inv.ipv4Gateways.map(\.id))
        let portLists = Set(inv.portRangeLists.map(\.id))
        let tables = Set(inv.routeTables.map(\.id)), acls = Set(inv.networkAcls.map(\.id))
        let vswitches = first(inv.vswitches, \.id), groups = first(inv.securityGroups, \.id)
        let vpcCidr = first(inv.vpcs, \.id).compactMapValues { CIDR($0.cidr) }
        // Built once: building them per reference made validation quadratic at region scale.
        let vswitchIds = Set(vswitches.keys), groupIds = Set(groups.keys)
        let groupTypes = groups.mapValues(\.type), vswitchBlocks = vswitches.compactMapValues { CIDR($0.cidr) }

        checkDuplicates()
        for (i, vsw) in inv.vswitches.enumerated() {
            let ref = ModelRef("vswitches", i, vsw.id)
            expect(vpcs, vsw.vpcId, ref.field("vpcId"), "vSwitch \(vsw.id) names VPC")
            if let outer = vpcCidr[vsw.vpcId], let inner = CIDR(vsw.cidr), !outer.contains(inner) {
                warning(ref.field("cidr"), "vSwitch \(vsw.id) block \(vsw.cidr) is outside its VPC's block \(outer)")
            }
            if let table = vsw.routeTableId { expect(tables, table, ref.field("routeTableId"), "vSwitch \(vsw.id) names route table") }
            if let acl = vsw.networkAclId { expect(acls, acl, ref.field("networkAclId"), "vSwitch \(vsw.id) names network ACL") }
        }
        for (i, table) in inv.routeTables.enumerated() {
            let ref = ModelRef("routeTables", i, table.id)
            expect(vpcs, table.vpcId, ref.field("vpcId"), "route table \(table.id) names VPC")
            for (k, id) in table.vswitchIds.enumerated() {
                expect(vswitchIds, id, ref.field("vswitchIds[\(k)]"), "route table \(table.id) lists vSwitch")
                if table.type == .custom, let bound = vswitches[id]?.routeTableId, bound != table.id {
                    warning(ref.field("vswitchIds[\(k)]"), "route table \(table.id) lists vSwitch \(id), which is bound to \(bound)")
                }
            }
            for (j, entry) in table.entries.enumerated() {
                for (h, hop) in entry.nextHops.enumerated() where !hop.id.isEmpty {
                    let known: Set<String>? = switch hop.type.lowercased() {
                    case "natgateway": nats
                    case "instance": instances
                    case "networkinterface": enis
                    case "ipv4gateway": ipv4Gateways
                    default: nil
                    }
                    guard let known else { continue }
                    expect(known, hop.id, ref.nested("entries", j, entry.id, field: "nextHops[\(h)]"),
                           "route \(entry.destination) in \(table.id) has next hop \(hop.type)")
                }
            }
        }
        for (i, acl) in inv.networkAcls.enumerated() {
            let ref = ModelRef("networkAcls", i, acl.id)
            expect(vpcs, acl.vpcId, ref.field("vpcId"), "network ACL \(acl.id) names VPC")
            for (k, id) in acl.vswitchIds.enumerated() {
                expect(vswitchIds, id, ref.field("vswitchIds[\(k)]"), "network ACL \(acl.id) lists vSwitch")
                if let bound = vswitches[id]?.networkAclId, bound != acl.id {
                    warning(ref.field("vswitchIds[\(k)]"), "network ACL \(acl.id) lists vSwitch \(id), which is bound to \(bound)")
                }
            }
        }
        for (i, group) in inv.securityGroups.enumerated() {
            func ref() -> ModelRef { ModelRef("securityGroups", i, group.id) }
            expect(vpcs, group.vpcId, ref().field("vpcId"), "security group \(group.id) names VPC")
            group.rules.withUnsafeBufferPointer { rules in
                for j in rules.indices {
                    func ruleRef() -> ModelRef { ref().nested("rules", j, rules[j].id) }
                    if let peer = rules[j].groupId {
                        expect(groupIds, peer, ruleRef().field("groupId"), "rule \(rules[j].id) of \(group.id) names group")
                        if groupTypes[peer] == .enterprise {
                            warning(ruleRef().field("groupId"), "rule \(rules[j].id) of \(group.id) names enterprise group \(peer), which other groups cannot reference")
                        }
                    }
                    if let list = rules[j].prefixListId {
                        expect(prefixLists, list, ruleRef().field("prefixListId"), "rule \(rules[j].id) of \(group.id) names prefix list")
                    }
                    if let list = rules[j].portRangeListId {
                        expect(portLists, list, ruleRef().field("portRangeListId"), "rule \(rules[j].id) of \(group.id) names port list")
                    }
                }
            }
        }
        for (i, instance) in inv.instances.enumerated() {
            func ref() -> ModelRef { ModelRef("instances", i, instance.id) }
            checkPlacement("instance \(instance.id)", vpc: instance.vpcId, vswitch: instance.vswitchId, ref: ref(),
                           vpcs: vpcs, vswitches: vswitches)
            checkGroups("instance \(instance.id)", instance.securityGroupIds, ref: ref(), types: groupTypes, groupIds: groupIds)
            if let eni = instance.primaryEniId {
                expect(enis, eni, ref().field("primaryEniId"), "instance \(instance.id) names primary ENI")
            } else {
                warning(ref().field("primaryEniId"), "instance \(instance.id) has no primary ENI; it cannot be diagnosed")
            }
        }
        for (i, eni) in inv.networkInterfaces.enumerated() {
            func ref() -> ModelRef { ModelRef("networkInterfaces", i, eni.id) }
            checkPlacement("ENI \(eni.id)", vpc: eni.vpcId, vswitch: eni.vswitchId, ref: ref(), vpcs: vpcs, vswitches: vswitches)
            checkGroups("ENI \(eni.id)", eni.securityGroupIds, ref: ref(), types: groupTypes, groupIds: groupIds)
            if let owner = eni.instanceId { expect(instances, owner, ref().field("instanceId"), "ENI \(eni.id) is bound to instance") }
            if let block = vswitchBlocks[eni.vswitchId], let ip = IPAddress(eni.primaryIp), !block.contains(ip) {
                warning(ref().field("primaryIp"), "ENI \(eni.id) address \(eni.primaryIp) is outside its vSwitch's block \(block)")
            }
        }
        for (i, eip) in inv.eips.enumerated() {
            guard let target = eip.instanceId else { continue }
            let ref = ModelRef("eips", i, eip.id, field: "instanceId")
            switch eip.instanceType?.lowercased() ?? "" {
            case "ecsinstance": expect(instances, target, ref, "EIP \(eip.ip) is bound to instance")
            case "networkinterface": expect(enis, target, ref, "EIP \(eip.ip) is bound to ENI")
            case "nat": expect(nats, target, ref, "EIP \(eip.ip) is bound to NAT gateway")
            default: break
            }
        }
        let privateIps = Set(inv.networkInterfaces.flatMap(\.privateIps))
        for (i, nat) in inv.natGateways.enumerated() {
            let ref = ModelRef("natGateways", i, nat.id)
            expect(vpcs, nat.vpcId, ref.field("vpcId"), "NAT gateway \(nat.id) names VPC")
            for (j, snat) in nat.snatEntries.enumerated() {
                let entry = ref.nested("snatEntries", j, snat.id)
                if let vsw = snat.sourceVSwitchId { expect(vswitchIds, vsw, entry.field("sourceVSwitchId"), "SNAT entry \(snat.id) names vSwitch") }
                for ip in snat.snatIp.split(separator: ",").map({ String($0).trimmingSpaces }) where !nat.ips.contains(ip) {
                    warning(entry.field("snatIp"), "SNAT entry \(snat.id) uses \(ip), which is not an address of \(nat.id)")
                }
            }
            for (j, dnat) in nat.dnatEntries.enumerated() {
                let entry = ref.nested("dnatEntries", j, dnat.id)
                if !nat.ips.contains(dnat.externalIp) {
                    warning(entry.field("externalIp"), "DNAT entry \(dnat.id) listens on \(dnat.externalIp), which is not an address of \(nat.id)")
                }
                if !privateIps.contains(dnat.internalIp) {
                    warning(entry.field("internalIp"), "DNAT entry \(dnat.id) forwards to \(dnat.internalIp), which no ENI holds")
                }
            }
        }
        for (i, gateway) in inv.ipv4Gateways.enumerated() {
            expect(vpcs, gateway.vpcId, ModelRef("ipv4Gateways", i, gateway.id, field: "vpcId"), "IPv4 gateway \(gateway.id) names VPC")
        }
        for (i, guest) in inv.guests.enumerated() {
            expect(instances, guest.instanceId, ModelRef("guests", i, guest.instanceId, field: "instanceId"), "guest state is for instance")
        }
    }

    /// Warns when `id` is not among `known`.
    private func expect(_ known: Set<String>, _ id: String, _ ref: @autoclosure () -> ModelRef,
                        _ what: @autoclosure () -> String) {
        if !known.contains(id) { warning(ref(), "\(what()) \(id), which does not exist") }
    }

    private func checkPlacement(_ what: @autoclosure () -> String, vpc: String, vswitch: String,
                                ref: @autoclosure () -> ModelRef, vpcs: Set<String>, vswitches: [String: VSwitch]) {
        expect(vpcs, vpc, ref().field("vpcId"), "\(what()) names VPC")
        guard let vsw = vswitches[vswitch] else {
            expect([], vswitch, ref().field("vswitchId"), "\(what()) names vSwitch")
            return
        }
        if vsw.vpcId != vpc {
            warning(ref().field("vswitchId"), "\(what()) is in vSwitch \(vswitch) of \(vsw.vpcId), not of its VPC \(vpc)")
        }
    }

    private func checkGroups(_ what: @autoclosure () -> String, _ ids: [String], ref: @autoclosure () -> ModelRef,
                             types: [String: SecurityGroup.Kind], groupIds: Set<String>) {
        for (k, id) in ids.enumerated() {
            expect(groupIds, id, ref().field("securityGroupIds[\(k)]"), "\(what()) names security group")
        }
        let known = ids.lazy.compactMap { types[$0] }
        if let type = known.first, known.contains(where: { $0 != type }) {
            warning(ref().field("securityGroupIds"), "\(what()) mixes basic and enterprise security groups, which the cloud does not allow")
        }
    }

    /// Duplicate ids in a collection: lookups use the first.
    private func checkDuplicates() {
        let inv = inventory
        let collections: [(String, [String])] = [
            ("vpcs", inv.vpcs.map(\.id)), ("vswitches", inv.vswitches.map(\.id)), ("instances", inv.instances.map(\.id)),
            ("networkInterfaces", inv.networkInterfaces.map(\.id)), ("securityGroups", inv.securityGroups.map(\.id)),
            ("prefixLists", inv.prefixLists.map(\.id)), ("portRangeLists", inv.portRangeLists.map(\.id)), ("routeTables", inv.routeTables.map(\.id)),
            ("networkAcls", inv.networkAcls.map(\.id)), ("eips", inv.eips.map(\.id)),
            ("natGateways", inv.natGateways.map(\.id)), ("ipv4Gateways", inv.ipv4Gateways.map(\.id)),
            ("guests", inv.guests.map(\.instanceId)),
        ]
        for (name, ids) in collections {
            var seen: Set<String> = []
            for (i, id) in ids.enumerated() where !seen.insert(id).inserted {
                warning(ModelRef(name, i, id), "duplicate id \(id) in \(name); the first one is used")
            }
        }
    }

    private func first<T>(_ items: [T], _ key: KeyPath<T, String>) -> [String: T] {
        Dictionary(items.map { ($0[keyPath: key], $0) }, uniquingKeysWith: { a, _ in a })
    }
}

private extension String {
    var trimmingSpaces: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
