import NetDiagStore

/// The path fields of a create or clone request body, named as in the API's path objects.
struct PathFields {
    static let names: Set = ["name", "source", "sourceType", "destination", "destinationType", "protocol", "port",
                             "vpcId", "regionId", "resourceGroupId", "diagnose"]

    var name, source, sourceType, destination, destinationType, proto, port, vpcId, regionId, resourceGroupId: String?
    /// false stores the path without starting a task.
    var diagnose: Bool

    init(_ body: RequestBody) throws {
        name = try body.string("name"); source = try body.string("source"); sourceType = try body.string("sourceType")
        destination = try body.string("destination"); destinationType = try body.string("destinationType")
        proto = try body.string("protocol"); port = try body.port("port"); vpcId = try body.string("vpcId")
        regionId = try body.string("regionId"); resourceGroupId = try body.string("resourceGroupId")
        diagnose = try body.bool("diagnose") ?? true
    }

    /// A new path's spec; name, source, destination and protocol are required (the CLI's messages).
    func spec() throws -> PathSpec {
        guard let name else { throw missing("name", "2–128 letters, digits, '.', '_', '-', ':'; starting with a letter") }
        guard let source else { throw missing("source", "an instance id (i-…), an ENI id (eni-…) or a public IP") }
        guard let destination else { throw missing("destination", "an instance id (i-…), an ENI id (eni-…) or a public IP") }
        guard let proto else { throw missing("protocol", "tcp, udp, icmp or gre") }
        return PathSpec(name: name, regionId: regionId, resourceGroupId: resourceGroupId, vpcId: vpcId, source: source,
                        sourceType: sourceType, destination: destination, destinationType: destinationType,
                        protocol: proto, port: port)
    }

    /// A stored path's spec with these fields over it, as `netdiag path clone` applies its
    /// options: a new object without a VPC lets the VPC and resource group default again; a
    /// protocol without ports drops the port.
    func apply(to base: PathSpec) -> PathSpec {
        var spec = base
        if let name { spec.name = name }
        if let source { spec.source = source; spec.sourceType = sourceType } else if let sourceType { spec.sourceType = sourceType }
        if let destination { spec.destination = destination; spec.destinationType = destinationType }
        else if let destinationType { spec.destinationType = destinationType }
        if (source != nil || destination != nil) && vpcId == nil { spec.vpcId = nil; spec.resourceGroupId = nil }
        if let proto {
            spec.protocol = proto
            if port == nil, !(PathProtocol(rawValue: proto.lowercased())?.hasPorts ?? true) { spec.port = nil }
        }
        if let port { spec.port = port }
        if let vpcId { spec.vpcId = vpcId }
        if let regionId { spec.regionId = regionId }
        if let resourceGroupId { spec.resourceGroupId = resourceGroupId }
        return spec
    }

    private func missing(_ field: String, _ expected: String) -> APIError {
        APIError(.badRequest, "missingField", "missing \(field): \(expected)", field: field)
    }
}
