import Foundation
import GRDB
import Testing
import NetDiagEngine
@testable import NetDiagStore

struct StoreTests {
    @Test("the store is created on first use, migrated once, and reopened as is")
    func migrations() throws {
        let store = try Fixtures.store()
        #expect(FileManager.default.fileExists(atPath: store.url.path))
        let applied = try store.pool.read { db in try StoreSchema.migrator.appliedMigrations(db) }
        #expect(applied == ["v1: settings, paths, tasks"])
        let mode = try store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        try store.setWorkspaceInventory(WorkspaceInventory(path: "/x", contentHash: "h"))
        let again = try PathStore(url: store.url)
        #expect(try again.workspaceInventory() == WorkspaceInventory(path: "/x", contentHash: "h"))
        #expect(try again.integrityCheck() == "ok")
    }

    @Test("PostgreSQL: the same migrations, recorded once; a second handle sees the settings")
    func postgresMigrations() throws {
        guard Backend.postgres.available else { return }
        let store = try #require(try Backend.postgres.store() as? PostgresStore)
        #expect(store.appliedMigrations == StoreSchema.migrator.migrations)
        try store.setWorkspaceInventory(WorkspaceInventory(path: "/x", contentHash: "h"))
        let again = try #require(try reopen(store) as? PostgresStore)
        #expect(again.appliedMigrations == StoreSchema.migrator.migrations)
        #expect(try again.workspaceInventory() == WorkspaceInventory(path: "/x", contentHash: "h"))
        let count = try again.session.query("SELECT count(*) FROM grdb_migrations").first?.decode(Int64.self)
        #expect(count == Int64(StoreSchema.migrator.migrations.count))
    }

    @Test("a path and its first task are stored together; the task finishes with its diagnosis", arguments: Backend.allCases)
    func createAndFinish(_ backend: Backend) throws {
        guard backend.available else { return }
        let store = try backend.store()
        let (path, start) = try store.createPath(Fixtures.definition(), startTask: Fixtures.inputs)
        let task = try #require(start?.task)
        #expect(task.status == .running && task.ownerPid == getpid())
        #expect(try store.path(path.id).definition == Fixtures.definition())
        let diagnosis = Diagnosis(request: Fixtures.definition().request, findings: [])
        let done = try store.finishTask(task.id, diagnosis: diagnosis)
        #expect(done.status == .finished && done.result == "Normal" && done.ownerPid == nil)
        let reread = try store.task(task.id)
        #expect(reread.diagnosis == diagnosis && reread.definition == Fixtures.definition())
        #expect(reread.inventoryHash == Fixtures.inputs.inventoryHash && reread.ruleSetHash == Fixtures.inputs.ruleSetHash)
        #expect(try store.latestTasks()[path.id]?.id == task.id)
    }

    @Test("an analysis that fails is stored as failed with result Error and the reason", arguments: Backend.allCases)
    func failed(_ backend: Backend) throws {
        guard backend.available else { return }
        let store = try backend.store()
        let (_, start) = try store.createPath(Fixtures.definition(), startTask: Fixtures.inputs)
        let task = try store.failTask(start!.task.id, reason: "no inventory bound")
        #expect(task.status == .failed && task.result == "Error" && task.reason == "no inventory bound")
        #expect(task.report?.result == "Error" && task.report?.error == "no inventory bound")
    }

    @Test("100 paths per region: the 101st is refused and nothing is written; other regions are counted apart", arguments: Backend.allCases)
    func pathLimit(_ backend: Backend) throws {
        guard backend.available else { return }
        let store = try backend.store()
        for n in 0..<100 { _ = try store.createPath(Fixtures.definition("p\(n)"), startTask: nil) }
        #expect(throws: StoreError.pathLimit(region: "cn-test", limit: 100)) {
            try store.createPath(Fixtures.definition("p100"), startTask: Fixtures.inputs)
        }
        #expect(try store.paths().count == 100 && store.tasks().isEmpty)
        _ = try store.createPath(Fixtures.definition("elsewhere", region: "cn-other"), startTask: nil)
    }

    @Test("5 running tasks per region, 1 per path; a refused create leaves no path behind", arguments: Backend.allCases)
    func concurrency(_ backend: Backend) throws {
        guard backend.available else { return }
        let store = try backend.store()
        var ids: [String] = []
        for n in 0..<5 {
            let (path, start) = try store.createPath(Fixtures.definition("p\(n)"), startTask: Fixtures.inputs)
            #expect(start != nil); ids.append(path.id)
        }
        #expect(throws: StoreError.pathBusy(pathId: ids[0], taskId: try store.latestTasks()[ids[0]]!.id)) {
            try store.startTask(pathId: ids[0], inputs: Fixtures.inputs)
        }
        let (spare, _) = try store.createPath(Fixtures.definition("spare"), startTask: nil)
        #expect(throws: StoreError.self) { try store.startTask(pathId: spare.id, inputs: Fixtures.inputs) }
        do {
            _ = try store.createPath(Fixtures.definition("sixth"), startTask: Fixtures.inputs)
            Issue.record("the sixth concurrent task was accepted")
        } catch let error as StoreError {
            guard case .concurrencyLimit(_, 5, let running) = error else { Issue.record("\(error)"); return }
            #expect(running.count == 5)
        }
        #expect(try store.paths().map(\.name).contains("sixth") == false)
        _ = try store.finishTask(try store.latestTasks()[ids[1]]!.id, diagnosis: Diagnosis(request: Fixtures.definition().request, findings: []))
        _ = try store.startTask(pathId: spare.id, inputs: Fixtures.inputs)
    }

    @Test("the per-path cap prunes the oldest finished records when a task starts", arguments: Backend.allCases)
    func pruning(_ backend: Backend) throws {
        guard backend.available else { return }
        let store = try backend.store()
        try store.setKeepPerPath(3)
        #expect(throws: StoreError.keepOutOfRange(0)) { try store.setKeepPerPath(0) }
        let (path, _) = try store.createPath(Fixtures.definition(), startTask: nil)
        var started: [String] = []
        var pruned: [String] = []
        for _ in 0..<5 {
            let start = try store.startTask(pathId: path.id, inputs: Fixtures.inputs)
            started.append(start.task.id); pruned += start.pruned
            try store.failTask(start.task.id, reason: "x")
        }
        #expect(pruned == Array(started.prefix(2)))
        #expect(try store.tasks(pathId: path.id).map(\.id) == Array(started.suffix(3)))
    }

    @Test("1,000 task records per region; a refused start rolls back its pruning", arguments: Backend.allCases)
    func taskLimit(_ backend: Backend) throws {
        guard backend.available else { return }
        let store = try backend.store()
        let (a, _) = try store.createPath(Fixtures.definition("a"), startTask: nil)
        let (b, _) = try store.createPath(Fixtures.definition("b"), startTask: nil)
        // 998 finished records on b and 2 on a, written directly: the console's real limit.
        try insertDirectly((0..<1_000).map { Self.finishedRecord(path: $0 < 998 ? b : a, n: $0) }, into: store)
        try store.setKeepPerPath(1_000)
        #expect(throws: StoreError.taskLimit(region: "cn-test", limit: 1_000)) {
            try store.startTask(pathId: a.id, inputs: Fixtures.inputs)
        }
        // A store holding more than the limit (written before the limit existed): lowering the
        // cap to 1 prunes both of a's records, yet 1,002 remain: the start is refused and the
        // pruned records are back.
        try insertDirectly((1_000..<1_004).map { Self.finishedRecord(path: b, n: $0) }, into: store)
        try store.setKeepPerPath(1)
        #expect(throws: StoreError.taskLimit(region: "cn-test", limit: 1_000)) {
            try store.startTask(pathId: a.id, inputs: Fixtures.inputs)
        }
        #expect(try store.tasks(pathId: a.id).count == 2)
        #expect(try store.tasks().count == 1_004)
        try deleteOldest(5, pathId: b.id, in: store)
        #expect(try store.startTask(pathId: a.id, inputs: Fixtures.inputs).pruned.count == 2)
        #expect(try store.tasks().count == 998)
    }

    static func finishedRecord(path: PathRecord, n: Int) -> TaskRecord {
        TaskRecord(id: String(format: "task-%012x", n), pathId: path.id, regionId: path.regionId, status: .finished,
                   result: "Normal", reason: nil, startedAt: Date(), finishedAt: Date(), ownerPid: nil,
                   ownerStartTime: nil, ownerBootId: nil, inventoryPath: "/i", inventoryHash: "h", ruleSetHash: "r",
                   pathJSON: "{}", diagnosisJSON: nil)
    }

    @Test("deleting a path deletes its tasks; refused while one runs; unknown ids are named", arguments: Backend.allCases)
    func deletion(_ backend: Backend) throws {
        guard backend.available else { return }
        let store = try backend.store()
        let (path, start) = try store.createPath(Fixtures.definition(), startTask: Fixtures.inputs)
        #expect(throws: StoreError.taskRunning(taskId: start!.task.id)) { try store.deletePath(path.id) }
        #expect(throws: StoreError.taskRunning(taskId: start!.task.id)) { try store.deleteTask(start!.task.id) }
        try store.failTask(start!.task.id, reason: "x")
        try store.deletePath(path.id)
        #expect(try store.tasks().isEmpty)
        #expect(throws: StoreError.notFound(kind: "path", id: path.id)) { try store.path(path.id) }
        #expect(throws: StoreError.notFound(kind: "task", id: "task-x")) { try store.deleteTask("task-x") }
    }
}
