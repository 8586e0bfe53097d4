import Foundation
import NetDiagModel

/// Instances, their network interfaces and elastic IPs.
extension CloudInventoryReader {
    /// Instances, every ENI (those of `DescribeNetworkInterfaces` plus a synthesized primary ENI
    /// for each instance whose primary ENI it does not list), and the EIPs `DescribeInstances` shows.
    func readInstancesAndInterfaces() -> ([Instance], [NetworkInterface], [EipAddress]) {
        var interfaces = readNetworkInterfaces()
        var known = Set(interfaces.map(\.id))
        var instances: [Instance] = []
        var eips: [EipAddress] = []
        for c in items("DescribeInstances", "Instances", "Instance") {
            guard let read = readInstance(c) else { continue }
            var instance = read.0
            let primary = read.1
            if let eip = c["EipAddress"]["IpAddress"].string() {
                let allocation = c["EipAddress"]["AllocationId"].string() ?? eip
                eips.append(EipAddress(id: allocation, ip: eip, instanceId: instance.id,
                                       instanceType: "EcsInstance", status: "InUse"))
            }
            if instance.primaryEniId == nil,
               let listed = interfaces.first(where: { $0.instanceId == instance.id && $0.type == .primary }) {
                instance.primaryEniId = listed.id
            }
            if let primary, !known.contains(primary.id) {
                interfaces.append(primary)
                known.insert(primary.id)
            }
            for secondary in c.list("NetworkInterfaces", "NetworkInterface") where secondary.isObject() {
                guard let id = secondary["NetworkInterfaceId"].string(), !known.contains(id) else { continue }
                sink.warning(secondary.file, secondary.path, "ENI \(id) of \(instance.id) is not in DescribeNetworkInterfaces; it is ignored")
            }
            instances.append(instance)
        }
        return (instances, interfaces, eips)
    }

    /// One instance and, when it names one, its primary ENI built from the instance's fields.
    private func readInstance(_ c: JSONCursor) -> (Instance, NetworkInterface?)? {
        let id = c["InstanceId"].requiredString()
        let status = c["Status"].requiredString()
        let vpcAttributes = c["VpcAttributes"]
        let vpc = vpcAttributes["VpcId"].requiredString()
        let vswitch = vpcAttributes["VSwitchId"].requiredString()
        let privateIps = vpcAttributes.list("PrivateIpAddress", "IpAddress").compactMap { $0.string() }
        let publicIps = c.list("PublicIpAddress", "IpAddress").compactMap { $0.string() }
        let groups = c.strings("SecurityGroupIds", "SecurityGroupId")
        let bandwidth = c["InternetMaxBandwidthOut"].int()
        let eip = c["EipAddress"]["IpAddress"].string()
        let (name, region, zone) = (c["InstanceName"].string(), c["RegionId"].string(), c["ZoneId"].string())
        let (osType, osName, resourceGroup) = (c["OSType"].string(), c["OSName"].string(), c["ResourceGroupId"].string())
        let osNameEn = c["OSNameEn"].string()
        let enis = c.list("NetworkInterfaces", "NetworkInterface").filter { $0.isObject() }
        let primaryCursor = enis.first { $0["Type"].string()?.lowercased() == "primary" }
            ?? (enis.count == 1 && enis[0]["Type"].isAbsent ? enis[0] : nil)
        guard let id, let status, let vpc, let vswitch else { return nil }

        record("instances/\(id)", c, fields: ["vpcId": "VpcAttributes.VpcId", "vswitchId": "VpcAttributes.VSwitchId",
                                              "privateIps": "VpcAttributes.PrivateIpAddress.IpAddress",
                                              "publicIps": "PublicIpAddress.IpAddress", "eip": "EipAddress.IpAddress",
                                              "securityGroupIds": "SecurityGroupIds.SecurityGroupId"])
        var instance = Instance(id: id, name: name ?? "", status: status, regionId: region ?? "", zoneId: zone ?? "",
                                resourceGroupId: resourceGroup ?? "", osType: osType?.lowercased() ?? "",
                                osName: osName ?? "", osNameEn: osNameEn ?? "", vpcId: vpc, vswitchId: vswitch, privateIps: privateIps,
                                publicIps: publicIps, eip: eip, securityGroupIds: groups,
                                internetMaxBandwidthOut: bandwidth ?? 0)
        guard let primaryCursor, let eniId = primaryCursor["NetworkInterfaceId"].requiredString() else {
            return (instance, nil)
        }
        instance.primaryEniId = eniId
        let setIps = primaryCursor.list("PrivateIpSets", "PrivateIpSet").filter { $0.isObject() }
            .sorted { ($0["Primary"].bool() ?? false ? 0 : 1) < ($1["Primary"].bool() ?? false ? 0 : 1) }
            .compactMap { $0["PrivateIpAddress"].string() }
        let primaryIp = primaryCursor["PrimaryIpAddress"].string() ?? setIps.first ?? privateIps.first
        guard let primaryIp else {
            sink.error(primaryCursor.file, primaryCursor.path + ".PrimaryIpAddress", "missing required value, expected the ENI's primary private IP")
            return (instance, nil)
        }
        var ips = setIps.isEmpty ? privateIps : setIps
        if ips.first != primaryIp { ips.removeAll { $0 == primaryIp }; ips.insert(primaryIp, at: 0) }
        record("networkInterfaces/\(eniId)", primaryCursor, fields: ["primaryIp": "PrimaryIpAddress", "privateIps": "PrivateIpSets"])
        let eni = NetworkInterface(id: eniId, type: .primary, status: status == "Running" ? "InUse" : status,
                                   instanceId: id, vpcId: vpc, vswitchId: vswitch, zoneId: zone ?? "",
                                   regionId: region ?? "", resourceGroupId: resourceGroup ?? "",
                                   primaryIp: primaryIp, privateIps: ips, securityGroupIds: groups)
        return (instance, eni)
    }

    /// `DescribeNetworkInterfaces`: primary and secondary ENIs as the API lists them.
    func readNetworkInterfaces() -> [NetworkInterface] {
        items("DescribeNetworkInterfaces", "NetworkInterfaceSets", "NetworkInterfaceSet").compactMap { c in
            let id = c["NetworkInterfaceId"].requiredString()
            let kind = lowered(c["Type"], ["primary", "secondary"], fallback: "secondary")
            let status = c["Status"].requiredString()
            let vpc = c["VpcId"].requiredString(), vswitch = c["VSwitchId"].requiredString()
            let sets = c.list("PrivateIpSets", "PrivateIpSet").filter { $0.isObject() }
            let setIps = sets.sorted { ($0["Primary"].bool() ?? false ? 0 : 1) < ($1["Primary"].bool() ?? false ? 0 : 1) }
                .compactMap { $0["PrivateIpAddress"].string() }
            let primaryIp = c["PrivateIpAddress"].string() ?? setIps.first
            var publicIps = sets.compactMap { $0["AssociatedPublicIp"]["PublicIpAddress"].string() }
            if let associated = c["AssociatedPublicIp"]["PublicIpAddress"].string(), !publicIps.contains(associated) {
                publicIps.insert(associated, at: 0)
            }
            let ipv6s = c.list("Ipv6Sets", "Ipv6Set").compactMap { $0["Ipv6Address"].string() }
            let groups = c.strings("SecurityGroupIds", "SecurityGroupId")
            let (instance, zone, region) = (c["InstanceId"].string(), c["ZoneId"].string(), c["RegionId"].string())
            let resourceGroup = c["ResourceGroupId"].string()
            guard let id, let kind, let status, let vpc, let vswitch else { return nil }
            guard let primaryIp else {
                sink.error(c.file, c.path + ".PrivateIpAddress", "missing required value, expected the ENI's primary private IP")
                return nil
            }
            var ips = setIps
            ips.removeAll { $0 == primaryIp }
            ips.insert(primaryIp, at: 0)
            record("networkInterfaces/\(id)", c, fields: ["primaryIp": "PrivateIpAddress", "privateIps": "PrivateIpSets",
                                                          "vswitchId": "VSwitchId", "vpcId": "VpcId", "instanceId": "InstanceId",
                                                          "securityGroupIds": "SecurityGroupIds.SecurityGroupId",
                                                          "publicIps": "AssociatedPublicIp.PublicIpAddress"])
            return NetworkInterface(id: id, type: kind == "primary" ? .primary : .secondary, status: status,
                                    instanceId: instance, vpcId: vpc, vswitchId: vswitch, zoneId: zone ?? "",
                                    regionId: region ?? "", resourceGroupId: resourceGroup ?? "", primaryIp: primaryIp,
                                    privateIps: ips, ipv6s: ipv6s, publicIps: publicIps, securityGroupIds: groups)
        }
    }

    /// `DescribeEipAddresses`.
    func readEips() -> [EipAddress] {
        items("DescribeEipAddresses", "EipAddresses", "EipAddress").compactMap { c in
            let ip = c["IpAddress"].requiredString()
            let id = c["AllocationId"].string()
            let (instance, type, status) = (c["InstanceId"].string(), c["InstanceType"].string(), c["Status"].string())
            guard let ip else { return nil }
            let key = "eips/\(id ?? ip)"
            record(key, c, fields: ["ip": "IpAddress", "instanceId": "InstanceId"])
            return EipAddress(id: id ?? ip, ip: ip, instanceId: instance, instanceType: type,
                              status: status ?? (instance == nil ? "Available" : "InUse"))
        }
    }

    /// Puts each bound EIP on what it is bound to: an instance's `eip`, an ENI's `publicIps`.
    func bindEips(_ inventory: inout Inventory) {
        // First index of each id (as firstIndex(where:) found it), without a scan per EIP.
        var instanceIndex: [String: Int] = [:], eniIndex: [String: Int] = [:]
        for (i, instance) in inventory.instances.enumerated() where instanceIndex[instance.id] == nil { instanceIndex[instance.id] = i }
        for (i, eni) in inventory.networkInterfaces.enumerated() where eniIndex[eni.id] == nil { eniIndex[eni.id] = i }
        for eip in inventory.eips {
            guard let target = eip.instanceId else { continue }
            let type = eip.instanceType?.lowercased() ?? ""
            if type == "ecsinstance" || (type.isEmpty && target.hasPrefix("i-")),
               let index = instanceIndex[target] {
                if inventory.instances[index].eip == nil { inventory.instances[index].eip = eip.ip }
            } else if type == "networkinterface" || (type.isEmpty && target.hasPrefix("eni-")),
                      let index = eniIndex[target],
                      !inventory.networkInterfaces[index].publicIps.contains(eip.ip) {
                inventory.networkInterfaces[index].publicIps.append(eip.ip)
            }
        }
    }
}
