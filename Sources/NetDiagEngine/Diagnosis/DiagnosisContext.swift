import NetDiagModel

/// Builds `ctx`, the read-only table each rule's `check(ctx)` receives.
enum DiagnosisContext {
    /// `destination` holds a placeholder: the engine sets the destination's table, which it
    /// keeps between diagnoses to one destination (`endpoint`).
    static func payload(_ request: DiagnosisRequest, source: Endpoint, index: InventoryIndex) -> LuaPayload {
        .record([
            ("path", .record([
                ("name", .string(request.name)),
                ("protocol", .string(request.protocol)),
                ("port", .int(request.port)),
                ("sourcePorts", .range(request.sourcePorts.start, request.sourcePorts.end)),
                ("vpcId", .string(request.vpcId)),
                ("regionId", .string(request.regionId)),
            ])),
            ("source", endpoint(source, index: index)),
            ("destination", .bool(false)),
            ("inventory", .inventoryRoot),
        ])
    }

    static func endpoint(_ e: Endpoint, index: InventoryIndex) -> LuaPayload {
        var fields: [(String, LuaPayload)] = [
            ("kind", .string(e.kind.rawValue)),
            ("id", .string(e.id)),
            ("ip", .string(e.ip)),
        ]
        if let instance = e.instance {
            fields.append(("instance", .reference(.instances, instance.id)))
            fields.append(("guest", .reference(.guests, instance.id)))
        }
        if let eni = e.interface {
            fields.append(("interface", .reference(.networkInterfaces, eni.id)))
            fields.append(("vswitch", .reference(.vswitches, eni.vswitchId)))
            fields.append(("vpc", .reference(.vpcs, eni.vpcId)))
            fields.append(("securityGroups", .list(eni.securityGroupIds.map { .reference(.securityGroups, $0) })))
            if let table = index.effectiveRouteTable(forVSwitch: eni.vswitchId) {
                fields.append(("routeTable", .reference(.routeTables, table.id)))
            }
            if let acl = index.networkAcl(forVSwitch: eni.vswitchId) {
                fields.append(("networkAcl", .reference(.networkAcls, acl.id)))
            }
            var publicIps = eni.publicIps
            if let instance = e.instance, eni.type == .primary {
                publicIps += instance.publicIps + [instance.eip].compactMap { $0 }
            }
            fields.append(("publicIps", .list(Array(Set(publicIps)).sorted().map(LuaPayload.string))))
        }
        if e.kind == .publicIp {
            fields.append(("inRegion", .bool(e.interface != nil
                || index.inventory.natGateways.contains { $0.ips.contains(e.ip) })))
        }
        return .record(fields)
    }
}
