import Foundation
import NetDiagEngine
import PostgresNIO

extension PostgresStore {
    public func startTask(pathId: String, inputs: TaskInputs) throws -> TaskStart {
        try session.write {
            _ = try Self.failDeadTasks(session)
            guard let row = try session.query("SELECT * FROM path WHERE id = \(pathId)").first else {
                throw StoreError.notFound(kind: "path", id: pathId)
            }
            return try beginTask(path: try PathRecord(postgres: row), inputs: inputs)
        }
    }

    /// The checks and writes of a task start, in the caller's write transaction (the order and
    /// the messages are the SQLite store's).
    func beginTask(path: PathRecord, inputs: TaskInputs) throws -> TaskStart {
        if let busy = try session.query(#"SELECT id FROM task WHERE "pathId" = \#(path.id) AND status = 'running' LIMIT 1"#).first {
            throw StoreError.pathBusy(pathId: path.id, taskId: try busy.decode(String.self))
        }
        let runningIds = try session.query(#"SELECT id FROM task WHERE "regionId" = \#(path.regionId) AND status = 'running' ORDER BY seq"#)
            .map { try $0.decode(String.self) }
        guard runningIds.count < limits.concurrentTasksPerRegion else {
            throw StoreError.concurrencyLimit(region: path.regionId, limit: limits.concurrentTasksPerRegion, running: runningIds)
        }
        // Make room under the per-path cap: the oldest finished or failed records go first.
        let keep = try keepPerPath()
        let kept = try session.query(#"SELECT id FROM task WHERE "pathId" = \#(path.id) ORDER BY seq"#).map { try $0.decode(String.self) }
        let pruned = Array(kept.prefix(max(0, kept.count + 1 - keep)))
        if !pruned.isEmpty { try session.query("DELETE FROM task WHERE id = ANY(\(pruned))") }
        let inRegion = try session.query(#"SELECT count(*) FROM task WHERE "regionId" = \#(path.regionId)"#).first?.decode(Int64.self) ?? 0
        guard inRegion < limits.tasksPerRegion else {
            throw StoreError.taskLimit(region: path.regionId, limit: limits.tasksPerRegion)
        }
        let json = String(decoding: try JSONReport.encoder(pretty: false).encode(path.definition), as: UTF8.self)
        let task = TaskRecord(id: Self.newId("task"), pathId: path.id, regionId: path.regionId, status: .running,
                              result: nil, reason: nil, startedAt: Date(), finishedAt: nil,
                              ownerPid: owner.pid, ownerStartTime: owner.startTime, ownerBootId: owner.bootId,
                              inventoryPath: inputs.inventoryPath, inventoryHash: inputs.inventoryHash,
                              ruleSetHash: inputs.ruleSetHash, pathJSON: json, diagnosisJSON: nil)
        try session.query(task.postgresInsert)
        return TaskStart(task: task, pruned: pruned)
    }

    @discardableResult
    public func finishTask(_ id: String, diagnosis: Diagnosis) throws -> TaskRecord {
        try complete(id, try .finished(diagnosis))
    }

    @discardableResult
    public func failTask(_ id: String, reason: String) throws -> TaskRecord {
        try complete(id, .failed(reason: reason))
    }

    private func complete(_ id: String, _ end: TaskCompletion) throws -> TaskRecord {
        try session.write {
            // Another process may have judged this one dead: the first verdict stands.
            let updated = try session.query("""
                UPDATE task SET status = \(end.status.rawValue), result = \(end.result), reason = \(end.reason),
                "diagnosisJSON" = \(end.diagnosisJSON), "finishedAt" = \(Date()),
                "ownerPid" = NULL, "ownerStartTime" = NULL, "ownerBootId" = NULL
                WHERE id = \(id) AND status = 'running' RETURNING *
                """)
            if let row = updated.first { return try TaskRecord(postgres: row) }
            return try task(id)
        }
    }

    public func tasks(pathId: String?) throws -> [TaskRecord] {
        let rows = if let pathId {
            try session.query(#"SELECT * FROM task WHERE "pathId" = \#(pathId) ORDER BY seq"#)
        } else {
            try session.query("SELECT * FROM task ORDER BY seq")
        }
        return try rows.map(TaskRecord.init(postgres:))
    }

    public func task(_ id: String) throws -> TaskRecord {
        guard let row = try session.query("SELECT * FROM task WHERE id = \(id)").first else {
            throw StoreError.notFound(kind: "task", id: id)
        }
        return try TaskRecord(postgres: row)
    }

    public func latestTasks() throws -> [String: TaskRecord] {
        let rows = try session.query(#"SELECT * FROM task WHERE seq IN (SELECT max(seq) FROM task GROUP BY "pathId")"#)
        return Dictionary(uniqueKeysWithValues: try rows.map { let t = try TaskRecord(postgres: $0); return (t.pathId, t) })
    }

    public func previousTask(pathId: String, before taskId: String) throws -> TaskRecord? {
        try session.query(#"""
            SELECT * FROM task WHERE "pathId" = \#(pathId) AND seq < (SELECT seq FROM task WHERE id = \#(taskId))
            ORDER BY seq DESC LIMIT 1
            """#).first.map(TaskRecord.init(postgres:))
    }

    public func deleteTask(_ id: String) throws {
        try session.write {
            _ = try Self.failDeadTasks(session)
            let current = try task(id)
            guard current.status != .running else { throw StoreError.taskRunning(taskId: id) }
            try session.query("DELETE FROM task WHERE id = \(id)")
        }
    }
}
