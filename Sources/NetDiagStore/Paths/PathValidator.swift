import NetDiagEngine
import NetDiagModel

/// Checks a path against the console's rules and the inventory, and fills in the fields left
/// out (type, region, VPC, resource group). Shared by `path create`, `path clone`,
/// `path diagnose` (which re-checks against the current inventory) and the one-shot `diagnose`.
public struct PathValidator: Sendable {
    public let index: InventoryIndex

    public init(_ index: InventoryIndex) { self.index = index }

    /// The validated path, or the first rule it breaks (fields are checked in the order of
    /// docs/paths-and-tasks.md: name, protocol, port, objects, pair rules, status, region, VPC).
    /// A nil name is allowed for one-shot diagnoses and stored as "".
    public func validate(_ spec: PathSpec) throws(PathValidationError) -> PathDefinition {
        if let name = spec.name { try PathName.check(name) }
        let proto = try checkProtocol(spec.protocol)
        let port = try checkPort(spec.port, protocol: proto)
        let source = try ObjectResolver(index: index, field: "--source").resolve(spec.source, type: spec.sourceType)
        let destination = try ObjectResolver(index: index, field: "--destination")
            .resolve(spec.destination, type: spec.destinationType)
        try checkPair(source, destination)
        try source.checkStatus()
        try destination.checkStatus()
        let region = try checkRegion(spec.regionId, source, destination)
        let vpc = try checkVpc(spec.vpcId, source, destination)
        let group = spec.resourceGroupId.flatMap { $0.isEmpty ? nil : $0 }
            ?? index.vpcs[vpc]?.resourceGroupId.nonEmpty
            ?? [source, destination].lazy.compactMap(\.resourceGroupId).first ?? ""
        return PathDefinition(name: spec.name ?? "", regionId: region, resourceGroupId: group, vpcId: vpc,
                              sourceType: source.kind, source: source.value,
                              destinationType: destination.kind, destination: destination.value,
                              protocol: proto, port: port)
    }

    func checkProtocol(_ text: String) throws(PathValidationError) -> PathProtocol {
        guard let proto = PathProtocol(rawValue: text.lowercased()) else {
            throw PathValidationError(.protocolUnknown, field: "--protocol", value: text, "must be tcp, udp, icmp or gre")
        }
        return proto
    }

    /// tcp and udp need a port, 1–65535 or a console name; icmp and gre have none (-1). A port
    /// given with icmp or gre is refused rather than silently dropped, so a script that meant
    /// tcp finds out.
    func checkPort(_ text: String?, protocol proto: PathProtocol) throws(PathValidationError) -> Int {
        guard proto.hasPorts else {
            if let text, text != "-1" {
                throw PathValidationError(.portNotApplicable, field: "--port", value: text,
                    "\(proto.rawValue) has no ports (the port is -1); leave --port out")
            }
            return -1
        }
        guard let text, !text.isEmpty else {
            throw PathValidationError(.portMissing, field: "--port", value: "",
                "\(proto.rawValue) needs a destination port: 1–65535 or one of \(PortNames.summary)")
        }
        if let number = Int(text) {
            guard (1...65535).contains(number) else {
                throw PathValidationError(.portOutOfRange, field: "--port", value: text,
                    "out of range for \(proto.rawValue); use 1–65535")
            }
            return number
        }
        guard let named = PortNames.port(named: text) else {
            throw PathValidationError(.portUnknown, field: "--port", value: text,
                "not a port number (1–65535) or a known name (\(PortNames.summary))")
        }
        return named
    }

    func checkPair(_ s: ResolvedObject, _ d: ResolvedObject) throws(PathValidationError) {
        func fail(_ code: PathValidationError.Code, _ detail: String) -> PathValidationError {
            PathValidationError(code, field: "--destination", value: d.value, detail)
        }
        switch (s.kind, d.kind) {
        case (.publicIp, .publicIp):
            throw fail(.twoPublicIps, "the source and destination cannot both be public IP addresses; one must be an instance or ENI")
        case (.instance, .instance) where s.value == d.value:
            throw fail(.sameInstance, "the source and destination are the same instance")
        case (.eni, .eni) where s.value == d.value:
            throw fail(.sameEni, "the source and destination are the same ENI")
        case (.eni, .eni):
            if let a = s.eni?.instanceId, let b = d.eni?.instanceId, a == b {
                throw fail(.enisOfOneInstance, "\(s.value) and \(d.value) are both bound to instance \(a); pick ENIs of different instances")
            }
        default: break
        }
    }

    /// An explicit region must be the inventory's; by default the path takes the inventory's
    /// region, else the objects'.
    func checkRegion(_ explicit: String?, _ s: ResolvedObject, _ d: ResolvedObject) throws(PathValidationError) -> String {
        let inventoryRegion = index.inventory.regionId.nonEmpty ?? [s, d].lazy.compactMap(\.regionId).first
        guard let explicit, !explicit.isEmpty else { return inventoryRegion ?? "" }
        if let inventoryRegion, inventoryRegion != explicit {
            throw PathValidationError(.regionMismatch, field: "--region", value: explicit,
                "the inventory is of region \(inventoryRegion); a path's objects must be in its region")
        }
        return explicit
    }

    /// The path's VPC: explicit, else the source's (an instance or ENI), else the destination's.
    /// At least one object must be an instance or ENI in it, and every instance or ENI of the
    /// path must be in it (as the console, which lists only the VPC's objects; another VPC is
    /// reached through its public address).
    func checkVpc(_ explicit: String?, _ s: ResolvedObject, _ d: ResolvedObject) throws(PathValidationError) -> String {
        let vpc: String
        if let explicit, !explicit.isEmpty {
            guard index.vpcs[explicit] != nil else {
                throw PathValidationError(.vpcUnknown, field: "--vpc", value: explicit, "no VPC with this id in the inventory")
            }
            vpc = explicit
        } else {
            vpc = s.vpcId ?? d.vpcId ?? ""
        }
        let privateObjects = [s, d].filter { $0.vpcId != nil }
        guard privateObjects.contains(where: { $0.vpcId == vpc }) else {
            let where_ = privateObjects.map { "\($0.field) \($0.value) is in \($0.vpcId!)" }.joined(separator: ", ")
            throw PathValidationError(.noObjectInVpc, field: "--vpc", value: vpc,
                "neither object is an instance or ENI in this VPC (\(where_)); at least one must be")
        }
        if let outside = privateObjects.first(where: { $0.vpcId != vpc }) {
            throw PathValidationError(.objectNotInVpc, field: outside.field, value: outside.value,
                "the \(outside.kind.label) is in \(outside.vpcId!), not in the path's VPC \(vpc); reach another VPC through its public IP")
        }
        return vpc
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
