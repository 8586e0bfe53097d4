import NetDiagModel

/// The Lua view of a security group written straight into the byte format, field by field in
/// declaration order, for the hottest lazy lookup: at region scale a group holds about a hundred
/// rules, and building their view was most of a first-touch diagnosis (through
/// `LuaPayloadEncoder`, then through a `LuaPayload` tree). Written without a key cache, the
/// bytes are the same as `LuaPayloadEncoder.encode(group)` gives (a test compares them over a
/// whole region); with one, enumeration values and ids of a small set go by slot too.
enum GroupPayload {
    static func write(_ group: SecurityGroup, into out: inout PayloadWriter) {
        out.table(arrayCount: 0, fieldCount: 8)
        out.key("id"); out.string(group.id)
        out.key("name"); out.string(group.name)
        out.key("type"); out.symbol(group.type.rawValue)
        out.key("vpcId"); out.symbol(group.vpcId)
        out.key("regionId"); out.symbol(group.regionId)
        out.key("resourceGroupId"); out.symbol(group.resourceGroupId)
        out.key("innerAccessPolicy"); out.symbol(group.innerAccessPolicy.rawValue)
        out.key("rules")
        out.table(arrayCount: group.rules.count, fieldCount: 0)
        for rule in group.rules { write(rule, into: &out) }
    }

    static func write(_ rule: SecurityGroupRule, into out: inout PayloadWriter) {
        let optional = [rule.cidr, rule.ipv6Cidr, rule.prefixListId, rule.groupId].count { $0 != nil }
        out.table(arrayCount: 0, fieldCount: 7 + optional + (rule.sourcePortRange == nil ? 0 : 1))
        out.key("id"); out.string(rule.id)
        out.key("direction"); out.symbol(rule.direction.rawValue)
        out.key("policy"); out.symbol(rule.policy.rawValue)
        out.key("priority"); out.int(rule.priority)
        out.key("protocol"); out.symbol(rule.protocol)
        out.key("portRange"); range(rule.portRange, into: &out)
        if let ports = rule.sourcePortRange { out.key("sourcePortRange"); range(ports, into: &out) }
        if let cidr = rule.cidr { out.key("cidr"); out.string(cidr) }
        if let cidr = rule.ipv6Cidr { out.key("ipv6Cidr"); out.string(cidr) }
        if let list = rule.prefixListId { out.key("prefixListId"); out.string(list) }
        if let group = rule.groupId { out.key("groupId"); out.string(group) }
        out.key("description"); out.string(rule.description)
    }

    private static func range(_ r: PortRange, into out: inout PayloadWriter) {
        out.table(arrayCount: 0, fieldCount: 2)
        out.key("start"); out.int(r.start)
        out.key("end"); out.int(r.end)
    }
}
