import Foundation
import GRDB

extension PathStore {
    /// Stores a new path and, when `task` is given, starts its first diagnostic task, in one
    /// transaction: if a limit refuses either, nothing is written.
    public func createPath(_ definition: PathDefinition, startTask task: TaskInputs?) throws -> (PathRecord, TaskStart?) {
        try pool.write { db in
            _ = try Self.failDeadTasks(db)
            let count = try PathRecord.filter(Column("regionId") == definition.regionId).fetchCount(db)
            guard count < limits.pathsPerRegion else {
                throw StoreError.pathLimit(region: definition.regionId, limit: limits.pathsPerRegion)
            }
            let path = PathRecord(id: Self.newId("path"), definition: definition)
            try path.insert(db)
            let start = try task.map { try beginTask(db, path: path, inputs: $0) }
            return (path, start)
        }
    }

    /// Every path, oldest first.
    public func paths() throws -> [PathRecord] {
        try pool.read { db in try PathRecord.order(sql: "rowid").fetchAll(db) }
    }

    public func path(_ id: String) throws -> PathRecord {
        guard let path = try pool.read({ db in try PathRecord.fetchOne(db, key: id) }) else {
            throw StoreError.notFound(kind: "path", id: id)
        }
        return path
    }

    /// Deletes a path and its task records. Refused while one of its tasks runs.
    public func deletePath(_ id: String) throws {
        try pool.write { db in
            _ = try Self.failDeadTasks(db)
            guard try PathRecord.exists(db, key: id) else { throw StoreError.notFound(kind: "path", id: id) }
            if let running = try TaskRecord.filter(Column("pathId") == id && Column("status") == "running").fetchOne(db) {
                throw StoreError.taskRunning(taskId: running.id)
            }
            try PathRecord.deleteOne(db, key: id)
        }
    }
}
