/// A path as the user typed it, before validation: every field is text, optional ones nil.
public struct PathSpec: Hashable, Sendable {
    /// Required for stored paths; nil for a one-shot diagnosis, which has no name.
    public var name: String?
    public var regionId: String?
    public var resourceGroupId: String?
    public var vpcId: String?
    public var source: String
    /// `instance`, `eni` or `public-ip`; inferred from the value when nil.
    public var sourceType: String?
    public var destination: String
    public var destinationType: String?
    public var `protocol`: String
    /// A number or a console name (`ssh`, `https`, …); nil when not given.
    public var port: String?

    public init(name: String? = nil, regionId: String? = nil, resourceGroupId: String? = nil,
                vpcId: String? = nil, source: String, sourceType: String? = nil, destination: String,
                destinationType: String? = nil, protocol: String, port: String? = nil) {
        self.name = name; self.regionId = regionId; self.resourceGroupId = resourceGroupId
        self.vpcId = vpcId; self.source = source; self.sourceType = sourceType
        self.destination = destination; self.destinationType = destinationType
        self.protocol = `protocol`; self.port = port
    }

    /// The spec that re-creates a stored path (what `path clone` starts from).
    public init(_ path: PathDefinition) {
        self.init(name: path.name, regionId: path.regionId, resourceGroupId: path.resourceGroupId,
                  vpcId: path.vpcId, source: path.source, sourceType: path.sourceType.rawValue,
                  destination: path.destination, destinationType: path.destinationType.rawValue,
                  protocol: path.protocol.rawValue, port: path.port < 0 ? nil : String(path.port))
    }
}
