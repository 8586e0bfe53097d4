import Foundation
import NetDiagEngine
import PostgresNIO

/// Records read from and written to PostgreSQL rows, column by column (the names are the
/// schema's quoted camelCase ones).
extension PathRecord {
    init(postgres row: PostgresRow) throws {
        let r = row.makeRandomAccess()
        self.init(id: try r["id"].decode(String.self), definition: PathDefinition(
            name: try r["name"].decode(String.self), regionId: try r["regionId"].decode(String.self),
            resourceGroupId: try r["resourceGroupId"].decode(String.self), vpcId: try r["vpcId"].decode(String.self),
            sourceType: Endpoint.Kind(rawValue: try r["sourceType"].decode(String.self)) ?? .publicIp,
            source: try r["source"].decode(String.self),
            destinationType: Endpoint.Kind(rawValue: try r["destinationType"].decode(String.self)) ?? .publicIp,
            destination: try r["destination"].decode(String.self),
            protocol: PathProtocol(rawValue: try r["protocol"].decode(String.self)) ?? .tcp,
            port: Int(try r["port"].decode(Int32.self))),
            createdAt: try r["createdAt"].decode(Date.self))
        // The definition's enums normalise unknown values; keep the stored text as it was.
        sourceType = try r["sourceType"].decode(String.self)
        destinationType = try r["destinationType"].decode(String.self)
        self.protocol = try r["protocol"].decode(String.self)
    }

    var postgresInsert: PostgresQuery {
        """
        INSERT INTO path(id, name, "regionId", "resourceGroupId", "vpcId", "sourceType", source,
                         "destinationType", destination, protocol, port, "createdAt")
        VALUES (\(id), \(name), \(regionId), \(resourceGroupId), \(vpcId), \(sourceType), \(source),
                \(destinationType), \(destination), \(self.protocol), \(Int32(port)), \(createdAt))
        """
    }
}

extension TaskRecord {
    init(postgres row: PostgresRow) throws {
        let r = row.makeRandomAccess()
        let statusText = try r["status"].decode(String.self)
        guard let status = Status(rawValue: statusText) else {
            throw StoreError.backend(store: "task table", reason: "unknown task status '\(statusText)'")
        }
        self.init(id: try r["id"].decode(String.self), pathId: try r["pathId"].decode(String.self),
                  regionId: try r["regionId"].decode(String.self), status: status,
                  result: try r["result"].decode(String?.self), reason: try r["reason"].decode(String?.self),
                  startedAt: try r["startedAt"].decode(Date.self), finishedAt: try r["finishedAt"].decode(Date?.self),
                  ownerPid: try r["ownerPid"].decode(Int32?.self), ownerStartTime: try r["ownerStartTime"].decode(Int64?.self),
                  ownerBootId: try r["ownerBootId"].decode(String?.self),
                  inventoryPath: try r["inventoryPath"].decode(String.self),
                  inventoryHash: try r["inventoryHash"].decode(String.self),
                  ruleSetHash: try r["ruleSetHash"].decode(String.self),
                  pathJSON: try r["pathJSON"].decode(String.self), diagnosisJSON: try r["diagnosisJSON"].decode(String?.self))
    }

    var postgresInsert: PostgresQuery {
        """
        INSERT INTO task(id, "pathId", "regionId", status, result, reason, "startedAt", "finishedAt",
                         "ownerPid", "ownerStartTime", "ownerBootId", "inventoryPath", "inventoryHash",
                         "ruleSetHash", "pathJSON", "diagnosisJSON")
        VALUES (\(id), \(pathId), \(regionId), \(status.rawValue), \(result), \(reason), \(startedAt), \(finishedAt),
                \(ownerPid), \(ownerStartTime), \(ownerBootId), \(inventoryPath), \(inventoryHash),
                \(ruleSetHash), \(pathJSON), \(diagnosisJSON))
        """
    }
}
