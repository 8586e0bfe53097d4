import NetDiagModel

/// Which traffic between the region's own objects one edit can change: the (source,
/// destination) pairs, protocols and destination ports whose diagnosis reads what the edit
/// changed. Everything outside is diagnosed alike before and after, so the inside blast radius
/// rescans only this (the arguments are in docs/analysis.md, "Inside the region").
struct InsideScope {
    /// Which end of a pair must hold the edited thing.
    enum End { case source, destination, either }

    /// One footprint of an edit: pairs whose `end` is a holder, for `protocols` (nil: every
    /// protocol) and the destination ports `ports` (tcp and udp; icmp has none).
    struct Touch {
        var end: End
        var holders: Set<String>
        var protocols: Set<String>?
        var ports: Interval
        var cause: String
        /// The edit's position in the change file.
        var edit: Int

        func applies(source s: String, destination d: String) -> Bool {
            switch end {
            case .source: holders.contains(s)
            case .destination: holders.contains(d)
            case .either: holders.contains(s) || holders.contains(d)
            }
        }

        func covers(_ proto: String) -> Bool { protocols?.contains(proto) ?? true }
    }

    /// The footprints of every edit, each read on the inventory as the earlier edits left it
    /// (`states[k]` is the inventory before edit `k`), since a removed or modified rule's old
    /// version matters as much as its new one.
    static func touches(_ changes: [Change], states: [InventoryIndex]) -> [Touch] {
        var out: [Touch] = []
        for (k, change) in changes.enumerated() {
            let index = states[k]
            let objects = ExposureScanner.destinations(index)
            let cause = change.description
            func members(_ group: String) -> Set<String> {
                Set(objects.filter { groups(of: $0).contains(group) }.map(\.id))
            }
            func onVSwitches(where pick: (String) -> Bool) -> Set<String> {
                Set(objects.filter { vswitches(of: $0).contains(where: pick) }.map(\.id))
            }
            func rule(_ group: String, _ id: String) -> SecurityGroupRule? {
                index.securityGroups[group]?.rules.first { $0.id == id }
            }
            func entry(_ acl: String, _ direction: SecurityGroupRule.Direction, _ id: String) -> AclEntry? {
                index.networkAcls[acl].flatMap { direction == .ingress ? $0.ingress : $0.egress }?.first { $0.id == id }
            }
            // Ingress rules judge packets arriving at a member, egress rules packets a member
            // sends; groups are stateful, so neither is read on the return path.
            func ruleTouch(_ group: String, _ r: SecurityGroupRule?) {
                guard let r else { return }
                let (protocols, ports) = footprint(protocol: r.protocol, ports: r.portRange, portList: r.portRangeListId)
                out.append(Touch(end: r.direction == .ingress ? .destination : .source, holders: members(group),
                                 protocols: protocols, ports: ports, cause: cause, edit: k))
            }
            // An ACL is stateless: the entry may judge the request (either end's vSwitch) or the
            // reply, whose destination port is the client's, so every forward port may change.
            func aclTouch(_ acl: String, _ e: AclEntry?) {
                guard let e else { return }
                let holders = onVSwitches { index.networkAcl(forVSwitch: $0)?.id == acl }
                out.append(Touch(end: .either, holders: holders, protocols: footprint(protocol: e.protocol, ports: e.portRange, portList: nil).0,
                                 ports: .allPorts, cause: cause, edit: k))
            }
            switch change {
            case .addGroupRule(let g, let r): ruleTouch(g, r)
            case .removeGroupRule(let g, let id): ruleTouch(g, rule(g, id))
            case .replaceGroupRule(let g, let r): ruleTouch(g, rule(g, r.id)); ruleTouch(g, r)
            case .addAclEntry(let a, _, _, let e): aclTouch(a, e)
            case .removeAclEntry(let a, let d, let id): aclTouch(a, entry(a, d, id))
            case .replaceAclEntry(let a, let d, let e): aclTouch(a, entry(a, d, e.id)); aclTouch(a, e)
            case .addRoute(let t, _), .removeRoute(let t, _), .replaceRoute(let t, _):
                // The forward path follows the source vSwitch's table, the reply the destination's.
                out.append(Touch(end: .either, holders: onVSwitches { index.effectiveRouteTable(forVSwitch: $0)?.id == t },
                                 protocols: nil, ports: .allPorts, cause: cause, edit: k))
            case .addGuestFirewallLine(let instance, _, _, _, _), .removeGuestFirewallLine(let instance, _, _, _):
                // A firewall line may match anything the packet carries (addresses, ports, state,
                // interfaces), on the request or the reply: every protocol and port, either end.
                let holders = Set(objects.filter { $0.instanceId == instance }.map(\.id))
                out.append(Touch(end: .either, holders: holders, protocols: nil, ports: .allPorts, cause: cause, edit: k))
            case .bindEip, .unbindEip:
                // A private path goes between private addresses; no rule reads the public ones on it.
                break
            }
        }
        return out
    }

    /// The protocols and destination ports an entry matches: a port list, `all` or `-1/-1`
    /// match every port (a list's own ranges are not trusted here: scanning more is safe).
    static func footprint(protocol text: String, ports: PortRange, portList: String?) -> (Set<String>?, Interval) {
        let proto = text.lowercased()
        let protocols: Set<String>? = proto == "all" || proto == "any" ? nil : [proto]
        guard protocols != nil, portList?.isEmpty ?? true, ports.start >= 1, ports.end >= ports.start else { return (protocols, .allPorts) }
        return (protocols, Interval(UInt64(ports.start), UInt64(min(ports.end, 65535))))
    }

    /// The groups the rules may read for an object: its ENI's, and its instance's as the API lists them.
    static func groups(of d: Destination) -> [String] {
        (d.interface?.securityGroupIds ?? []) + (d.instance?.securityGroupIds ?? [])
    }

    static func vswitches(of d: Destination) -> [String] {
        [d.interface?.vswitchId, d.instance?.vswitchId].compactMap { $0 }
    }
}
