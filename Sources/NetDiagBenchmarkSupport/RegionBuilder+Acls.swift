import NetDiagModel

/// Network ACLs bound to some vSwitches: ordered entries with overlapping blocks, drops before
/// accepts, return-traffic entries, and (for most) the system accept-all entry at the end.
extension RegionBuilder {
    func buildNetworkAcls() {
        guard spec.networkAcls > 0 else { return }
        var aclsByVpc = Array(repeating: [Int](), count: spec.vpcs)
        for a in 0..<spec.networkAcls {
            let v = a % spec.vpcs
            inv.networkAcls.append(NetworkAcl(id: makeId("nacl"), name: "acl-\(a)", vpcId: inv.vpcs[v].id,
                                              status: "Available", ingress: entries(v, ingress: true),
                                              egress: entries(v, ingress: false)))
            aclsByVpc[v].append(a)
        }
        for v in 0..<spec.vpcs where !aclsByVpc[v].isEmpty {
            for (n, s) in vswitchesByVpc[v].enumerated() {
                let acl: Int
                if n < aclsByVpc[v].count { acl = aclsByVpc[v][n] } else if rng.chance(0.3) {
                    acl = rng.pick(aclsByVpc[v])
                } else { continue }
                inv.vswitches[s].networkAclId = inv.networkAcls[acl].id
                inv.networkAcls[acl].vswitchIds.append(inv.vswitches[s].id)
            }
        }
    }

    private func entries(_ v: Int, ingress: Bool) -> [AclEntry] {
        let withSystem = rng.chance(0.75)
        let custom = max(0, spec.aclEntries - (withSystem ? 1 : 0))
        var list: [AclEntry] = []
        for n in 0..<custom {
            let (policy, proto, ports, cidr, name): (AclEntry.Policy, String, String, String, String)
            switch n < 2 ? n : rng.weighted([20, 15, 15, 12, 10, 10, 8, 10]) {
            case 0: (policy, proto, ports, cidr, name) = (.accept, "all", "-1/-1", vpcBlocks[v].cidr, "vpc")
            case 1: (policy, proto, ports, cidr, name) = (.accept, "tcp", "1024/65535", "0.0.0.0/0", "return")
            case 2: (policy, proto, ports, cidr, name) = (.drop, rng.pick(["tcp", "udp"]),
                                                          rng.pick(["22/22", "3389/3389", "3306/3306", "6379/6379"]),
                                                          narrowCidr(v), "deny-narrow")
            case 3: (policy, proto, ports, cidr, name) = (.accept, "tcp", rng.pick(["22/22", "80/80", "443/443", "8080/8080"]),
                                                          peerCidr(v), "service")
            case 4: (policy, proto, ports, cidr, name) = (.accept, "udp", rng.pick(["53/53", "123/123"]), "0.0.0.0/0", "udp")
            case 5: (policy, proto, ports, cidr, name) = (.accept, "icmp", "-1/-1", rng.pick(["0.0.0.0/0", "10.0.0.0/8"]), "ping")
            case 6: (policy, proto, ports, cidr, name) = (.drop, "all", "-1/-1",
                                                          IPv4Block(UInt32(rng.int(1...223)) << 24 | UInt32(rng.below(256)) << 16, 16).cidr,
                                                          "deny-range")
            default: (policy, proto, ports, cidr, name) = (.accept, "tcp", rng.pick(["8000/8999", "30000/32767"]),
                                                           vswitchBlocks[rng.pick(vswitchesByVpc[v])].cidr, "ports")
            }
            list.append(AclEntry(id: makeId("nae"), name: "\(name)-\(n)", policy: policy, protocol: proto,
                                 portRange: PortRange(ports)!, cidr: cidr, entryType: "custom"))
        }
        // Narrow drops go first so they win over the wide accepts that cover them.
        let drops = list.filter { $0.policy == .drop }, accepts = list.filter { $0.policy == .accept }
        list = drops + accepts
        if withSystem {
            list.append(AclEntry(id: makeId("nae"), name: "system-\(ingress ? "in" : "out")", policy: .accept,
                                 protocol: "all", portRange: .any, cidr: "0.0.0.0/0", entryType: "system"))
        }
        return list
    }
}
