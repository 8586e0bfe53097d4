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

    /// What a clone request changes, as `netdiag path clone` applies its options.
    var overrides: PathOverrides {
        PathOverrides(name: name, regionId: regionId, resourceGroupId: resourceGroupId, vpcId: vpcId, source: source,
                      sourceType: sourceType, destination: destination, destinationType: destinationType,
                      protocol: proto, port: port)
    }

    private func missing(_ field: String, _ expected: String) -> APIError {
        APIError(.badRequest, "missingField", "missing \(field): \(expected)", field: field)
    }
}
