import Foundation
import GRDB
import NetDiagEngine

/// A task just started, and the ids of the old records pruned to make room for it.
public struct TaskStart: Hashable, Sendable {
    public var task: TaskRecord
    public var pruned: [String]
}

extension PathStore {
    /// Starts a diagnostic task on a path: checks the limits, prunes the path's oldest finished
    /// records beyond the per-path cap, and inserts the running row, in one transaction.
    public func startTask(pathId: String, inputs: TaskInputs) throws -> TaskStart {
        try pool.write { db in
            _ = try Self.failDeadTasks(db)
            guard let path = try PathRecord.fetchOne(db, key: pathId) else {
                throw StoreError.notFound(kind: "path", id: pathId)
            }
            return try beginTask(db, path: path, inputs: inputs)
        }
    }

    func beginTask(_ db: Database, path: PathRecord, inputs: TaskInputs) throws -> TaskStart {
        let running = Column("status") == "running"
        if let busy = try TaskRecord.filter(Column("pathId") == path.id && running).fetchOne(db) {
            throw StoreError.pathBusy(pathId: path.id, taskId: busy.id)
        }
        let inRegion = Column("regionId") == path.regionId
        let runningIds = try String.fetchAll(db, TaskRecord.filter(inRegion && running).select(Column("id")).order(sql: "rowid"))
        guard runningIds.count < limits.concurrentTasksPerRegion else {
            throw StoreError.concurrencyLimit(region: path.regionId, limit: limits.concurrentTasksPerRegion, running: runningIds)
        }
        // Make room under the per-path cap: the oldest finished or failed records go first.
        let keep = try Self.keepPerPath(db, default: limits.defaultKeepPerPath)
        let kept = try String.fetchAll(db, TaskRecord.filter(Column("pathId") == path.id).select(Column("id")).order(sql: "rowid"))
        let pruned = Array(kept.prefix(max(0, kept.count + 1 - keep)))
        if !pruned.isEmpty { try TaskRecord.deleteAll(db, keys: pruned) }
        guard try TaskRecord.filter(inRegion).fetchCount(db) < limits.tasksPerRegion else {
            throw StoreError.taskLimit(region: path.regionId, limit: limits.tasksPerRegion)
        }
        let json = String(decoding: try JSONReport.encoder(pretty: false).encode(path.definition), as: UTF8.self)
        let task = TaskRecord(id: Self.newId("task"), pathId: path.id, regionId: path.regionId, status: .running,
                              result: nil, reason: nil, startedAt: Date(), finishedAt: nil,
                              ownerPid: owner.pid, ownerStartTime: owner.startTime, ownerBootId: owner.bootId,
                              inventoryPath: inputs.inventoryPath, inventoryHash: inputs.inventoryHash,
                              ruleSetHash: inputs.ruleSetHash, pathJSON: json, diagnosisJSON: nil)
        try task.insert(db)
        return TaskStart(task: task, pruned: pruned)
    }

    /// Records a completed diagnosis: status finished, its verdict and every finding. A critical
    /// rule that broke makes the result `Error` and the status failed.
    @discardableResult
    public func finishTask(_ id: String, diagnosis: Diagnosis) throws -> TaskRecord {
        try complete(id, try .finished(diagnosis))
    }

    /// Records an analysis that could not run: status failed, result `Error`, the reason.
    @discardableResult
    public func failTask(_ id: String, reason: String) throws -> TaskRecord {
        try complete(id, .failed(reason: reason))
    }

    private func complete(_ id: String, _ end: TaskCompletion) throws -> TaskRecord {
        try pool.write { db in
            guard var task = try TaskRecord.fetchOne(db, key: id) else { throw StoreError.notFound(kind: "task", id: id) }
            // Another process may have judged this one dead (it was paused for too long, say):
            // the first verdict stands.
            guard task.status == .running else { return task }
            task.status = end.status; task.result = end.result; task.reason = end.reason
            task.diagnosisJSON = end.diagnosisJSON; task.finishedAt = Date()
            task.ownerPid = nil; task.ownerStartTime = nil; task.ownerBootId = nil
            try task.update(db)
            return task
        }
    }

    /// Tasks, oldest first; only one path's when `pathId` is given.
    public func tasks(pathId: String?) throws -> [TaskRecord] {
        try pool.read { db in
            var request = TaskRecord.order(sql: "rowid")
            if let pathId { request = request.filter(Column("pathId") == pathId) }
            return try request.fetchAll(db)
        }
    }

    public func task(_ id: String) throws -> TaskRecord {
        guard let task = try pool.read({ db in try TaskRecord.fetchOne(db, key: id) }) else {
            throw StoreError.notFound(kind: "task", id: id)
        }
        return task
    }

    /// Each path's most recent task, by path id.
    public func latestTasks() throws -> [String: TaskRecord] {
        try pool.read { db in
            let rows = try TaskRecord.fetchAll(db, sql: "SELECT * FROM task WHERE rowid IN (SELECT max(rowid) FROM task GROUP BY pathId)")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0.pathId, $0) })
        }
    }

    /// The task of a path that started before `taskId`, if any.
    public func previousTask(pathId: String, before taskId: String) throws -> TaskRecord? {
        try pool.read { db in
            try TaskRecord.fetchOne(db, sql: """
                SELECT * FROM task WHERE pathId = ? AND rowid < (SELECT rowid FROM task WHERE id = ?)
                ORDER BY rowid DESC LIMIT 1
                """, arguments: [pathId, taskId])
        }
    }

    /// Deletes a task record. Refused while it runs.
    public func deleteTask(_ id: String) throws {
        try pool.write { db in
            _ = try Self.failDeadTasks(db)
            guard let task = try TaskRecord.fetchOne(db, key: id) else { throw StoreError.notFound(kind: "task", id: id) }
            guard task.status != .running else { throw StoreError.taskRunning(taskId: id) }
            try TaskRecord.deleteOne(db, key: id)
        }
    }
}
