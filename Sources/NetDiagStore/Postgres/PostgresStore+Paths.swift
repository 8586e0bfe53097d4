import Foundation
import PostgresNIO

extension PostgresStore {
    public func createPath(_ definition: PathDefinition, startTask task: TaskInputs?) throws -> (PathRecord, TaskStart?) {
        try session.write {
            _ = try Self.failDeadTasks(session)
            let count = try session.query(#"SELECT count(*) FROM path WHERE "regionId" = \#(definition.regionId)"#)
                .first?.decode(Int64.self) ?? 0
            guard count < limits.pathsPerRegion else {
                throw StoreError.pathLimit(region: definition.regionId, limit: limits.pathsPerRegion)
            }
            let path = PathRecord(id: Self.newId("path"), definition: definition)
            try session.query(path.postgresInsert)
            let start = try task.map { try beginTask(path: path, inputs: $0) }
            return (path, start)
        }
    }

    public func paths() throws -> [PathRecord] {
        try session.query("SELECT * FROM path ORDER BY seq").map(PathRecord.init(postgres:))
    }

    public func path(_ id: String) throws -> PathRecord {
        guard let row = try session.query("SELECT * FROM path WHERE id = \(id)").first else {
            throw StoreError.notFound(kind: "path", id: id)
        }
        return try PathRecord(postgres: row)
    }

    public func deletePath(_ id: String) throws {
        try session.write {
            _ = try Self.failDeadTasks(session)
            guard try session.query("SELECT 1 FROM path WHERE id = \(id)").first != nil else {
                throw StoreError.notFound(kind: "path", id: id)
            }
            if let running = try session.query(#"SELECT id FROM task WHERE "pathId" = \#(id) AND status = 'running' LIMIT 1"#).first {
                throw StoreError.taskRunning(taskId: try running.decode(String.self))
            }
            try session.query("DELETE FROM path WHERE id = \(id)")
        }
    }
}
