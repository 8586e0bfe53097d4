import NetDiagModel

/// NAT gateways, route tables (system and custom, with overlapping destinations) and network ACLs.
extension RegionBuilder {
    /// One Internet NAT gateway per VPC with two addresses, SNAT entries for most vSwitches (and
    /// a narrower CIDR entry inside one), and DNAT port mappings to running instances.
    func buildNatGateways() {
        for v in 0..<spec.vpcs {
            let id = makeId("ngw")
            var gateway = NatGateway(id: id, vpcId: inv.vpcs[v].id, type: "Enhanced", status: "Available",
                                     ips: [publicAddress(), publicAddress()])
            for ip in gateway.ips {
                inv.eips.append(EipAddress(id: makeId("eip"), ip: ip, instanceId: id, instanceType: "Nat", status: "InUse"))
            }
            for s in vswitchesByVpc[v] where rng.chance(0.6) {
                gateway.snatEntries.append(SnatEntry(id: makeId("snat"), sourceCidr: inv.vswitches[s].cidr,
                                                     sourceVSwitchId: inv.vswitches[s].id, snatIp: rng.pick(gateway.ips)))
                if rng.chance(0.1) {
                    gateway.snatEntries.append(SnatEntry(id: makeId("snat"), sourceCidr: vswitchBlocks[s].subBlock(0, length: min(32, vswitchBlocks[s].length + 2)).cidr,
                                                         snatIp: gateway.ips.joined(separator: ",")))
                }
            }
            let running = instancesByVpc[v].filter { inv.instances[$0].status == "Running" }
            var nextPort = [8000, 8000]
            for _ in 0..<min(running.count, max(2, instancesByVpc[v].count / 100)) {
                let i = rng.pick(running), which = rng.below(2)
                let internalPort = rng.pick([22, 80, 443, 3389])
                gateway.dnatEntries.append(DnatEntry(
                    id: makeId("fwd"), externalIp: gateway.ips[which], externalPort: String(nextPort[which]),
                    internalIp: inv.instances[i].privateIps[0], internalPort: String(internalPort), protocol: "tcp",
                    status: "Available"))
                nextPort[which] += rng.int(1...7)
            }
            inv.natGateways.append(gateway)
        }
    }

    /// A system table per VPC (local routes, the cloud-service route, a default route to the
    /// NAT gateway) and custom tables bound to some vSwitches, holding `routeEntries` custom routes.
    func buildRouteTables() {
        var customByVpc = Array(repeating: [Int](), count: spec.vpcs)
        for c in 0..<spec.customRouteTables { customByVpc[c % spec.vpcs].append(c) }
        var tables: [RouteTable] = []
        for v in 0..<spec.vpcs {
            tables.append(RouteTable(id: makeId("vtb"), type: .system, vpcId: inv.vpcs[v].id,
                                     entries: systemRoutes(v) + [RouteEntry(
                                        id: makeId("rte"), destination: "0.0.0.0/0", type: "Custom",
                                        nextHops: [NextHop(type: "NatGateway", id: inv.natGateways[v].id)])]))
        }
        for c in 0..<spec.customRouteTables {
            let v = c % spec.vpcs
            let budget = spec.routeEntries / spec.customRouteTables + (c < spec.routeEntries % spec.customRouteTables ? 1 : 0)
            tables.append(RouteTable(id: makeId("vtb"), type: .custom, vpcId: inv.vpcs[v].id,
                                     entries: systemRoutes(v) + customRoutes(v, count: budget)))
        }
        // Bind vSwitches: the first few of a VPC to each custom table, others now and then.
        for v in 0..<spec.vpcs {
            let customs = customByVpc[v].map { spec.vpcs + $0 }
            for (n, s) in vswitchesByVpc[v].enumerated() {
                let table: Int
                if n < customs.count { table = customs[n] } else if !customs.isEmpty && rng.chance(0.3) {
                    table = rng.pick(customs)
                } else { table = v }
                inv.vswitches[s].routeTableId = tables[table].id
                tables[table].vswitchIds.append(inv.vswitches[s].id)
            }
        }
        inv.routeTables = tables
    }

    private func systemRoutes(_ v: Int) -> [RouteEntry] {
        vswitchesByVpc[v].map { s in
            RouteEntry(id: makeId("rte"), destination: inv.vswitches[s].cidr, type: "System",
                       nextHops: [NextHop(type: "local")])
        } + [RouteEntry(id: makeId("rte"), destination: "100.64.0.0/10", type: "System",
                        nextHops: [NextHop(type: "service")])]
    }

    /// Custom routes outside the VPC's vSwitch blocks, many nested in one another.
    private func customRoutes(_ v: Int, count: Int) -> [RouteEntry] {
        var blocks: [IPv4Block] = []
        var seen: Set<IPv4Block> = []
        if count > 0 { blocks.append(IPv4Block(0, 0)); seen.insert(blocks[0]) }
        if count > 1 { blocks.append(IPv4Block(10, 0, 0, 0, 8)); seen.insert(blocks[1]) }
        while blocks.count < count {
            let block: IPv4Block
            if blocks.count > 2, rng.chance(0.4), case let outer = blocks[rng.int(2...blocks.count - 1)], outer.length <= 26 {
                block = IPv4Block(outer.base &+ UInt32(rng.below(Int(outer.size))), outer.length + rng.int(2...6))
            } else if rng.chance(0.5) {
                block = IPv4Block(172, UInt32(rng.int(17...31)), UInt32(rng.below(256)), 0, rng.pick([16, 20, 24]))
            } else {
                block = IPv4Block(10, UInt32(rng.int(128...255)), UInt32(rng.below(256)), 0, rng.pick([16, 22, 24]))
            }
            if seen.insert(block).inserted { blocks.append(block) }
        }
        let secondaries = inv.networkInterfaces.lazy.filter { $0.vpcId == self.inv.vpcs[v].id && $0.type == .secondary }.map(\.id)
        let enis = Array(secondaries.prefix(64))
        return blocks.enumerated().map { n, block in
            let hop: NextHop
            switch n == 0 ? 0 : rng.weighted([10, 20, 10, 25, 10, 10, 15]) {
            case 0: hop = NextHop(type: "NatGateway", id: inv.natGateways[v].id)
            case 1 where !instancesByVpc[v].isEmpty:
                hop = NextHop(type: "Instance", id: inv.instances[rng.pick(instancesByVpc[v])].id)
            case 2 where !enis.isEmpty: hop = NextHop(type: "NetworkInterface", id: rng.pick(enis))
            case 3: hop = NextHop(type: "VpnGateway", id: "vpn-bp1" + rng.token(17))
            case 4: hop = NextHop(type: "HaVip", id: "havip-bp1" + rng.token(17))
            case 5: hop = NextHop(type: "RouterInterface", id: "ri-bp1" + rng.token(17))
            default: hop = NextHop(type: "Attachment", id: "tr-attach-" + rng.token(16))
            }
            return RouteEntry(id: makeId("rte"), destination: block.cidr, type: "Custom",
                              status: rng.chance(0.98) ? "Available" : "Pending", nextHops: [hop])
        }
    }
}
