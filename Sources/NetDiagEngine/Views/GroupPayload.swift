import NetDiagModel

/// The Lua view of a security group built directly, field by field in declaration order, for
/// the hottest lazy lookup: at region scale a group holds about a hundred rules, and building its
/// view through `LuaPayloadEncoder` (Codable) was most of a first-touch diagnosis. The bytes are
/// the same as `LuaPayloadEncoder.encode(group)` gives (a test compares them over a whole region).
enum GroupPayload {
    static func encode(_ group: SecurityGroup) -> LuaPayload {
        .record([
            ("id", .string(group.id)), ("name", .string(group.name)), ("type", .string(group.type.rawValue)),
            ("vpcId", .string(group.vpcId)), ("regionId", .string(group.regionId)),
            ("resourceGroupId", .string(group.resourceGroupId)),
            ("innerAccessPolicy", .string(group.innerAccessPolicy.rawValue)),
            ("rules", .list(group.rules.map(encode))),
        ])
    }

    static func encode(_ rule: SecurityGroupRule) -> LuaPayload {
        var fields: [(String, LuaPayload)] = [
            ("id", .string(rule.id)), ("direction", .string(rule.direction.rawValue)),
            ("policy", .string(rule.policy.rawValue)), ("priority", .int(rule.priority)),
            ("protocol", .string(rule.protocol)), ("portRange", range(rule.portRange)),
        ]
        fields.reserveCapacity(12)
        if let ports = rule.sourcePortRange { fields.append(("sourcePortRange", range(ports))) }
        if let cidr = rule.cidr { fields.append(("cidr", .string(cidr))) }
        if let cidr = rule.ipv6Cidr { fields.append(("ipv6Cidr", .string(cidr))) }
        if let list = rule.prefixListId { fields.append(("prefixListId", .string(list))) }
        if let group = rule.groupId { fields.append(("groupId", .string(group))) }
        fields.append(("description", .string(rule.description)))
        return .record(fields)
    }

    private static func range(_ r: PortRange) -> LuaPayload {
        .record([("start", .int(r.start)), ("end", .int(r.end))])
    }
}
