import Foundation
import GRDB
import NetDiagEngine

/// A stored path: its validated definition, an id and when it was created.
public struct PathRecord: Hashable, Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "path"

    /// `path-` and 12 hex digits.
    public var id: String
    public var name: String
    public var regionId: String
    public var resourceGroupId: String
    public var vpcId: String
    public var sourceType: String
    public var source: String
    public var destinationType: String
    public var destination: String
    public var `protocol`: String
    public var port: Int
    public var createdAt: Date

    public init(id: String, definition d: PathDefinition, createdAt: Date = Date()) {
        self.id = id; name = d.name; regionId = d.regionId; resourceGroupId = d.resourceGroupId
        vpcId = d.vpcId; sourceType = d.sourceType.rawValue; source = d.source
        destinationType = d.destinationType.rawValue; destination = d.destination
        self.protocol = d.protocol.rawValue; port = d.port; self.createdAt = createdAt
    }

    /// The definition back, as it was validated when the path was created.
    public var definition: PathDefinition {
        PathDefinition(name: name, regionId: regionId, resourceGroupId: resourceGroupId, vpcId: vpcId,
                       sourceType: Endpoint.Kind(rawValue: sourceType) ?? .publicIp, source: source,
                       destinationType: Endpoint.Kind(rawValue: destinationType) ?? .publicIp,
                       destination: destination, protocol: PathProtocol(rawValue: self.protocol) ?? .tcp, port: port)
    }
}
