import Foundation
import NetDiagModel

/// The state of one validation run, and its value checks; link checks are in `ValidationPass+Links`.
final class ValidationPass {
    let inventory: Inventory
    let locator: SourceLocator
    private(set) var issues: [InventoryIssue] = []
    /// Blocks already found valid, per family.
    private var validBlocks: [IPAddress.Family: Set<String>] = [:]

    static let ruleProtocols: Set<String> = ["tcp", "udp", "icmp", "icmpv6", "gre", "all"]
    static let aclProtocols: Set<String> = ["tcp", "udp", "icmp", "gre", "all"]
    /// The largest security group priority loaded (with a warning above 100): rules sort by a key
    /// packing the priority above 22 bits of order, which must stay an exact Lua integer.
    static let largestPriority = Int(Int32.max)

    init(_ inventory: Inventory, locator: SourceLocator) {
        self.inventory = inventory; self.locator = locator
    }

    func error(_ ref: ModelRef, _ message: String) {
        let (file, location) = locator.locate(ref)
        issues.append(InventoryIssue(.error, file: file, location: location, message: message))
    }

    func warning(_ ref: ModelRef, _ message: String) {
        let (file, location) = locator.locate(ref)
        issues.append(InventoryIssue(.warning, file: file, location: location, message: message))
    }

    // References and messages are autoclosures: built only for the few values that fail, not
    // for each of a large region's hundreds of thousands of valid ones.

    /// An address block; `family` restricts it to IPv4 or IPv6.
    func checkCIDR(_ text: String, _ ref: @autoclosure () -> ModelRef, family: IPAddress.Family = .v4) {
        // Peers repeat across hundreds of thousands of rules: each distinct block is parsed once.
        if validBlocks[family]?.contains(text) == true { return }
        guard let cidr = CIDR(text), cidr.network.family == family else {
            let example = family == .v4 ? "an IPv4 block like 10.0.0.0/16" : "an IPv6 block like 2001:db8::/32"
            error(ref(), "invalid CIDR \"\(text)\", expected \(example)")
            return
        }
        validBlocks[family, default: []].insert(text)
    }

    /// A single address of the given family.
    func checkIP(_ text: String, _ ref: @autoclosure () -> ModelRef, family: IPAddress.Family = .v4) {
        guard let address = IPAddress(text), address.family == family else {
            let example = family == .v4 ? "an IPv4 address like 10.0.1.10" : "an IPv6 address like 2001:db8::1"
            error(ref(), "invalid IP address \"\(text)\", expected \(example)")
            return
        }
    }

    func checkIPs(_ list: [String], _ ref: @autoclosure () -> ModelRef, _ field: String, family: IPAddress.Family = .v4) {
        for (i, ip) in list.enumerated() { checkIP(ip, ref().field("\(field)[\(i)]"), family: family) }
    }

    /// Every value that has a fixed syntax or range.
    func checkValues() {
        for (i, vpc) in inventory.vpcs.enumerated() {
            checkCIDR(vpc.cidr, ModelRef("vpcs", i, vpc.id, field: "cidr"))
        }
        for (i, vsw) in inventory.vswitches.enumerated() {
            checkCIDR(vsw.cidr, ModelRef("vswitches", i, vsw.id, field: "cidr"))
        }
        for (i, instance) in inventory.instances.enumerated() {
            func ref() -> ModelRef { ModelRef("instances", i, instance.id) }
            checkIPs(instance.privateIps, ref(), "privateIps")
            checkIPs(instance.publicIps, ref(), "publicIps")
            if let eip = instance.eip { checkIP(eip, ref().field("eip")) }
        }
        for (i, eni) in inventory.networkInterfaces.enumerated() {
            func ref() -> ModelRef { ModelRef("networkInterfaces", i, eni.id) }
            checkIP(eni.primaryIp, ref().field("primaryIp"))
            checkIPs(eni.privateIps, ref(), "privateIps")
            checkIPs(eni.ipv6s, ref(), "ipv6s", family: .v6)
            checkIPs(eni.publicIps, ref(), "publicIps")
        }
        for (i, group) in inventory.securityGroups.enumerated() {
            // Rules are read in place: copying each of 400,000 retains and releases its strings.
            group.rules.withUnsafeBufferPointer { rules in
                for j in rules.indices {
                    checkRule(rules[j], ModelRef("securityGroups", i, group.id).nested("rules", j, rules[j].id))
                }
            }
        }
        for (i, list) in inventory.prefixLists.enumerated() {
            for (j, cidr) in list.cidrs.enumerated() {
                let family: IPAddress.Family = cidr.contains(":") ? .v6 : .v4
                checkCIDR(cidr, ModelRef("prefixLists", i, list.id, field: "cidrs[\(j)]"), family: family)
            }
        }
        for (i, list) in inventory.portRangeLists.enumerated() {
            for (j, range) in list.ranges.enumerated() where range.isAny {
                error(ModelRef("portRangeLists", i, list.id, field: "ranges[\(j)]"),
                      "invalid port range -1/-1 in port list \(list.id), expected start/end with 1 ≤ start ≤ end ≤ 65535")
            }
        }
        for (i, table) in inventory.routeTables.enumerated() {
            for (j, entry) in table.entries.enumerated() {
                let ref = ModelRef("routeTables", i, table.id).nested("entries", j, entry.id, field: "destination")
                checkCIDR(entry.destination, ref, family: entry.destination.contains(":") ? .v6 : .v4)
            }
        }
        for (i, acl) in inventory.networkAcls.enumerated() {
            for (name, entries) in [("ingress", acl.ingress), ("egress", acl.egress)] {
                for (j, entry) in entries.enumerated() {
                    let ref = ModelRef("networkAcls", i, acl.id).nested(name, j, entry.id)
                    checkCIDR(entry.cidr, ref.field("cidr"), family: entry.cidr.contains(":") ? .v6 : .v4)
                    if !Self.aclProtocols.contains(entry.protocol) {
                        error(ref.field("protocol"), "invalid protocol \"\(entry.protocol)\", expected one of all, gre, icmp, tcp, udp")
                    }
                }
            }
        }
        for (i, eip) in inventory.eips.enumerated() { checkIP(eip.ip, ModelRef("eips", i, eip.id, field: "ip")) }
        for (i, nat) in inventory.natGateways.enumerated() { checkNat(nat, ModelRef("natGateways", i, nat.id)) }
    }

    private func checkRule(_ rule: SecurityGroupRule, _ ref: @autoclosure () -> ModelRef) {
        if !(1...100).contains(rule.priority) {
            // Real responses carry system-created rules above 100 (e.g. 110): kept, not fatal.
            if (101...Self.largestPriority).contains(rule.priority) {
                warning(ref().field("priority"), "rule \(rule.id) has priority \(rule.priority), outside the documented 1 to 100 "
                        + "(a system-created rule?); it is loaded and ordered by its number, after every smaller one")
            } else {
                error(ref().field("priority"), "invalid priority \(rule.priority), expected 1 to 100 (or, for system-created rules, up to \(Self.largestPriority))")
            }
        }
        if !Self.ruleProtocols.contains(rule.protocol) {
            error(ref().field("protocol"), "invalid protocol \"\(rule.protocol)\", expected one of all, gre, icmp, icmpv6, tcp, udp")
        }
        if let cidr = rule.cidr { checkCIDR(cidr, ref().field("cidr")) }
        if let cidr = rule.ipv6Cidr { checkCIDR(cidr, ref().field("ipv6Cidr"), family: .v6) }
        if rule.cidr == nil && rule.ipv6Cidr == nil && rule.prefixListId == nil && rule.groupId == nil {
            warning(ref(), "rule \(rule.id) names no peer (CIDR, prefix list or group); it matches nothing")
        }
    }

    private func checkNat(_ nat: NatGateway, _ ref: ModelRef) {
        checkIPs(nat.ips, ref, "ips")
        for (j, snat) in nat.snatEntries.enumerated() {
            let entry = ref.nested("snatEntries", j, snat.id)
            if let cidr = snat.sourceCidr { checkCIDR(cidr, entry.field("sourceCidr")) }
            for ip in snat.snatIp.split(separator: ",") {
                checkIP(ip.trimmingCharacters(in: .whitespaces), entry.field("snatIp"))
            }
        }
        for (j, dnat) in nat.dnatEntries.enumerated() {
            let entry = ref.nested("dnatEntries", j, dnat.id)
            checkIP(dnat.externalIp, entry.field("externalIp"))
            checkIP(dnat.internalIp, entry.field("internalIp"))
            for (field, port) in [("externalPort", dnat.externalPort), ("internalPort", dnat.internalPort)]
            where port != "any" && (PortRange(port).map { $0.isAny } ?? true) {
                error(entry.field(field), "invalid port \"\(port)\", expected a port 1–65535, a range like 8000/8010, or any")
            }
            // A range forwards each port to the one at the same offset, so both must be as long.
            if let outer = PortRange(dnat.externalPort), let inner = PortRange(dnat.internalPort),
               !outer.isAny, !inner.isAny, outer.end - outer.start != inner.end - inner.start {
                error(entry.field("internalPort"), "port range \"\(dnat.internalPort)\" holds \(Self.ports(inner.end - inner.start + 1)) "
                      + "but externalPort \"\(dnat.externalPort)\" holds \(outer.end - outer.start + 1), expected as many")
            }
            if !["tcp", "udp", "any"].contains(dnat.protocol) {
                error(entry.field("protocol"), "invalid protocol \"\(dnat.protocol)\", expected tcp, udp or any")
            }
        }
    }

    private static func ports(_ count: Int) -> String { count == 1 ? "1 port" : "\(count) ports" }
}
