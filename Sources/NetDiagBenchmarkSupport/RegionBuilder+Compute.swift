import NetDiagModel

/// Instances, their primary and secondary ENIs, detached ENIs, EIPs and static public IPs.
extension RegionBuilder {
    /// Service roles: name, listening TCP ports (after 22), process names.
    static let roles: [(name: String, ports: [Int], processes: [String])] = [
        ("web", [80, 443], ["nginx", "nginx"]), ("app", [8080], ["java"]), ("db", [3306], ["mysqld"]),
        ("cache", [6379], ["redis-server"]), ("pg", [5432], ["postgres"]), ("search", [9200], ["java"]),
        ("bastion", [], []), ("win", [3389], ["svchost.exe"]),
    ]

    func buildInstances() {
        instancesByVpc = Array(repeating: [], count: spec.vpcs)
        let linuxNames = ["Ubuntu  20.04 64位", "CentOS  7.9 64位", "Alibaba Cloud Linux  3.2104 LTS 64位",
                          "Debian  10.13 64位", "Rocky Linux 8.8 64位"]
        for i in 0..<spec.instances {
            let v = rng.below(spec.vpcs)
            let s = vswitchWithRoom(vpc: v)
            let vsw = inv.vswitches[s]
            let windows = rng.chance(0.1)
            let role = windows ? Self.roles.count - 1 : rng.below(Self.roles.count - 1)
            let status = ["Running", "Stopped", "Starting"][rng.weighted([93, 6, 1])]
            let groups = pickGroups(vpc: v, enterprise: !groupsByVpc[v][1].isEmpty && rng.chance(0.1))
            var ips = [allocate(inVSwitch: s)!]
            if rng.chance(0.05), let extra = allocate(inVSwitch: s) { ips.append(extra) }
            let instanceId = makeId("i"), eniId = makeId("eni")
            inv.instances.append(Instance(
                id: instanceId, name: "\(Self.roles[role].name)-\(i)", status: status, regionId: spec.regionId,
                zoneId: vsw.zoneId, resourceGroupId: resourceGroups[rng.below(3)], osType: windows ? "windows" : "linux",
                osName: windows ? "Windows Server  2019 数据中心版 64位中文版" : rng.pick(linuxNames),
                vpcId: vsw.vpcId, vswitchId: vsw.id, primaryEniId: eniId, privateIps: ips,
                securityGroupIds: groups))
            inv.networkInterfaces.append(NetworkInterface(
                id: eniId, type: .primary, status: status == "Running" ? "InUse" : status, instanceId: instanceId,
                vpcId: vsw.vpcId, vswitchId: vsw.id, zoneId: vsw.zoneId, regionId: spec.regionId,
                resourceGroupId: inv.instances[i].resourceGroupId, primaryIp: ips[0], privateIps: ips,
                securityGroupIds: groups))
            instancesByVpc[v].append(i)
            roles.append(role)
        }
    }

    /// One to five groups of one type from the VPC; popular "shared" groups come up often.
    func pickGroups(vpc: Int, enterprise: Bool) -> [String] {
        let pool = groupsByVpc[vpc][enterprise ? 1 : 0]
        let count = min(pool.count, [1, 2, 3, 4, 5][rng.weighted([55, 25, 12, 5, 3])])
        let shared = max(1, pool.count / 20)
        var out: [String] = []
        while out.count < count {
            let id = rng.chance(0.35) ? pool[rng.below(shared)] : pool[rng.below(pool.count)]
            if !out.contains(id) { out.append(id) }
        }
        return out
    }

    /// Secondary ENIs on random instances (same VPC and zone), then detached ones.
    func buildEnis() {
        let enterpriseGroups = Set(inv.securityGroups.filter { $0.type == .enterprise }.map(\.id))
        let vpcIndex = Dictionary(uniqueKeysWithValues: inv.vpcs.enumerated().map { ($1.id, $0) })
        for _ in 0..<spec.secondaryEnis {
            let instance = inv.instances[rng.below(spec.instances)]
            let v = vpcIndex[instance.vpcId]!
            let s = vswitchWithRoom(vpc: v, zone: instance.zoneId)
            let enterprise = enterpriseGroups.contains(instance.securityGroupIds[0])
            addEni(vswitch: s, vpc: v, instance: instance, groups: pickGroups(vpc: v, enterprise: enterprise))
        }
        for _ in 0..<spec.detachedEnis {
            let v = rng.below(spec.vpcs)
            addEni(vswitch: vswitchWithRoom(vpc: v), vpc: v, instance: nil,
                   groups: pickGroups(vpc: v, enterprise: !groupsByVpc[v][1].isEmpty && rng.chance(0.1)))
        }
    }

    private func addEni(vswitch s: Int, vpc v: Int, instance: Instance?, groups: [String]) {
        let vsw = inv.vswitches[s]
        var ips = [allocate(inVSwitch: s)!]
        if rng.chance(0.15), let extra = allocate(inVSwitch: s) { ips.append(extra) }
        inv.networkInterfaces.append(NetworkInterface(
            id: makeId("eni"), type: .secondary, status: instance == nil ? "Available" : "InUse",
            instanceId: instance?.id, vpcId: vsw.vpcId, vswitchId: vsw.id, zoneId: vsw.zoneId,
            regionId: spec.regionId, resourceGroupId: instance?.resourceGroupId ?? resourceGroups[0],
            primaryIp: ips[0], privateIps: ips, securityGroupIds: groups))
    }

    /// EIPs on instances (most), on secondary ENIs and unbound; static public IPs on a few
    /// instances without an EIP.
    func buildPublicAddresses() {
        let secondaries = inv.networkInterfaces.indices.filter { inv.networkInterfaces[$0].type == .secondary }
        var taken: Set<Int> = []
        for _ in 0..<spec.eips {
            let ip = publicAddress(), id = makeId("eip")
            var eip = EipAddress(id: id, ip: ip, status: "Available")
            let target = rng.weighted([75, 10, 15])
            if target == 0, case let i = rng.below(spec.instances), taken.insert(i).inserted {
                inv.instances[i].eip = ip
                eip = EipAddress(id: id, ip: ip, instanceId: inv.instances[i].id, instanceType: "EcsInstance", status: "InUse")
            } else if target == 1, !secondaries.isEmpty, case let e = rng.pick(secondaries),
                      inv.networkInterfaces[e].publicIps.isEmpty {
                inv.networkInterfaces[e].publicIps = [ip]
                eip = EipAddress(id: id, ip: ip, instanceId: inv.networkInterfaces[e].id,
                                 instanceType: "NetworkInterface", status: "InUse")
            }
            inv.eips.append(eip)
        }
        for i in inv.instances.indices where !taken.contains(i) && rng.chance(0.05) {
            inv.instances[i].publicIps = [publicAddress()]
            inv.instances[i].internetMaxBandwidthOut = rng.pick([1, 5, 10, 100])
        }
    }
}
