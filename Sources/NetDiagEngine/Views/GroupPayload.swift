import NetDiagModel

/// The Lua view of a security group written straight into the byte format, field by field in
/// declaration order, for the hottest lazy lookup: at region scale a group holds about a hundred
/// rules, and building their view was most of a first-touch diagnosis (through
/// `LuaPayloadEncoder`, then through a `LuaPayload` tree). Written without a key cache, the
/// bytes are the same as `LuaPayloadEncoder.encode(group)` gives (a test compares them over a
/// whole region); with one, enumeration values, ids of a small set, peers and descriptions go by
/// slot too, and every fixed name's slot is looked up once per group rather than once per rule.
enum GroupPayload {
    /// The strings a group's view repeats for every rule: field names and enumeration values.
    private enum Name: Int, CaseIterable {
        case id, name, type, vpcId, regionId, resourceGroupId, innerAccessPolicy, rules, rulesMissing
        case direction, policy, priority, `protocol`, portRange, sourcePortRange, cidr, ipv6Cidr
        case prefixListId, groupId, portRangeListId, description
        case ingress, egress, accept, drop

        static let texts = allCases.map { String(describing: $0) }
    }

    /// Each `Name`'s slot in the writer's key cache (nil without one, or when it is full).
    private struct Slots {
        private let slots: [UInt16?]
        init(_ keys: PayloadKeys?) { slots = Name.texts.map { keys?.slot($0) } }
        subscript(_ name: Name) -> UInt16? { slots[name.rawValue] }
    }

    static func write(_ group: SecurityGroup, into out: inout PayloadWriter) {
        let slots = Slots(out.keys)
        func key(_ name: Name) { out.key(Name.texts[name.rawValue], slot: slots[name]) }
        out.table(arrayCount: 0, fieldCount: group.rulesMissing == nil ? 8 : 9)
        key(.id); out.string(group.id)
        key(.name); out.string(group.name)
        key(.type); out.symbol(group.type.rawValue)
        key(.vpcId); out.symbol(group.vpcId)
        key(.regionId); out.symbol(group.regionId)
        key(.resourceGroupId); out.symbol(group.resourceGroupId)
        key(.innerAccessPolicy); out.symbol(group.innerAccessPolicy.rawValue)
        key(.rules)
        out.table(arrayCount: group.rules.count, fieldCount: 0)
        for index in group.rules.indices { write(group.rules[index], slots: slots, into: &out) }
        if let missing = group.rulesMissing { key(.rulesMissing); out.string(missing) }
    }

    private static func write(_ rule: borrowing SecurityGroupRule, slots: Slots, into out: inout PayloadWriter) {
        /// A field name, or an enumeration value (sent by slot the same way).
        func key(_ name: Name) { out.key(Name.texts[name.rawValue], slot: slots[name]) }
        let optional = (rule.cidr == nil ? 0 : 1) + (rule.ipv6Cidr == nil ? 0 : 1)
            + (rule.prefixListId == nil ? 0 : 1) + (rule.groupId == nil ? 0 : 1) + (rule.portRangeListId == nil ? 0 : 1)
        out.table(arrayCount: 0, fieldCount: 7 + optional + (rule.sourcePortRange == nil ? 0 : 1))
        key(.id); out.string(rule.id)
        key(.direction); key(rule.direction == .ingress ? .ingress : .egress)
        key(.policy); key(rule.policy == .accept ? .accept : .drop)
        key(.priority); out.int(rule.priority)
        key(.protocol); out.symbol(rule.protocol)
        key(.portRange); out.range(rule.portRange.start, rule.portRange.end)
        if let ports = rule.sourcePortRange { key(.sourcePortRange); out.range(ports.start, ports.end) }
        // Peers repeat across rules and groups (the VPC's block, 0.0.0.0/0, popular groups).
        if let cidr = rule.cidr { key(.cidr); out.symbol(cidr) }
        if let cidr = rule.ipv6Cidr { key(.ipv6Cidr); out.symbol(cidr) }
        if let list = rule.prefixListId { key(.prefixListId); out.symbol(list) }
        if let group = rule.groupId { key(.groupId); out.symbol(group) }
        if let list = rule.portRangeListId { key(.portRangeListId); out.symbol(list) }
        key(.description); out.symbol(rule.description)
    }
}
