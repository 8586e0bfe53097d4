/// The fields a clone changes (`netdiag path clone` options, the API's clone body); nil keeps
/// the original's value.
public struct PathOverrides: Sendable {
    public var name, regionId, resourceGroupId, vpcId, source, sourceType: String?
    public var destination, destinationType, `protocol`, port: String?

    public init(name: String? = nil, regionId: String? = nil, resourceGroupId: String? = nil, vpcId: String? = nil,
                source: String? = nil, sourceType: String? = nil, destination: String? = nil,
                destinationType: String? = nil, protocol: String? = nil, port: String? = nil) {
        self.name = name; self.regionId = regionId; self.resourceGroupId = resourceGroupId; self.vpcId = vpcId
        self.source = source; self.sourceType = sourceType; self.destination = destination
        self.destinationType = destinationType; self.protocol = `protocol`; self.port = port
    }
}

extension PathSpec {
    /// This spec with `changes` over it. A new object without a VPC lets the VPC and resource
    /// group default again from the objects; a protocol without ports drops the port.
    public func overridden(by changes: PathOverrides) -> PathSpec {
        var spec = self
        if let name = changes.name { spec.name = name }
        if let source = changes.source { spec.source = source; spec.sourceType = changes.sourceType }
        else if let sourceType = changes.sourceType { spec.sourceType = sourceType }
        if let destination = changes.destination { spec.destination = destination; spec.destinationType = changes.destinationType }
        else if let destinationType = changes.destinationType { spec.destinationType = destinationType }
        if (changes.source != nil || changes.destination != nil) && changes.vpcId == nil { spec.vpcId = nil; spec.resourceGroupId = nil }
        if let proto = changes.protocol {
            spec.protocol = proto
            if changes.port == nil, !(PathProtocol(rawValue: proto.lowercased())?.hasPorts ?? true) { spec.port = nil }
        }
        if let port = changes.port { spec.port = port }
        if let vpcId = changes.vpcId { spec.vpcId = vpcId }
        if let regionId = changes.regionId { spec.regionId = regionId }
        if let resourceGroupId = changes.resourceGroupId { spec.resourceGroupId = resourceGroupId }
        return spec
    }
}
