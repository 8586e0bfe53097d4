import Foundation
import PostgresNIO

/// The workspace in a PostgreSQL database, for a team: several netdiag processes and servers,
/// on any machines, share its paths and tasks. Every write runs in one transaction holding the
/// store's advisory lock, so the limits hold across all of them. A running task is owned by
/// the database session of the process running it: when that process dies its session ends,
/// and the next write by anyone marks the task failed.
public final class PostgresStore: WorkspaceStore {
    public let url: PostgresURL
    public let limits: StoreLimits
    /// The process, as recorded on the tasks it starts (with the session's key as `ownerBootId`).
    let process: ProcessIdentity
    public let recoveredOnOpen: [TaskRecord]
    /// The migrations applied, in order.
    public let appliedMigrations: [String]
    let session: PostgresSession

    /// Connects, migrates the schema and fails the tasks whose owning process is gone.
    public init(url: PostgresURL, limits: StoreLimits = .console, owner: ProcessIdentity = .current) throws {
        self.url = url; self.limits = limits
        let session = try PostgresSession(url: url)
        self.session = session
        do {
            appliedMigrations = try PostgresSchema.migrate(session)
        } catch let error as StoreError {
            throw StoreError.cannotOpen(path: url.display, reason: "\(error)")
        }
        process = owner
        recoveredOnOpen = try session.write { try Self.failDeadTasks(session) }
    }

    public var location: String { url.display }

    /// Ends the session now (else when the store is released). Tasks it still owns are failed
    /// by the next process that writes; a later operation on this store opens a new session.
    public func close() { session.close() }

    public func recoverDeadTasks() throws -> [TaskRecord] {
        try session.write { try Self.failDeadTasks(session) }
    }

    /// The identity recorded on tasks this process starts now; `ownerBootId` names the current
    /// session (a reconnection starts another).
    public var owner: ProcessIdentity {
        ProcessIdentity(pid: process.pid, startTime: process.startTime, bootId: session.key)
    }

    /// Marks failed every running task whose owner's session is gone. Runs when the store opens
    /// and inside every transaction that counts running tasks.
    static func failDeadTasks(_ session: PostgresSession) throws -> [TaskRecord] {
        let rows = try session.query("""
            SELECT * FROM task WHERE status = 'running' AND NOT EXISTS
                (SELECT 1 FROM pg_stat_activity WHERE \(unescaped: PostgresSession.sessionKeySQL) = task."ownerBootId")
            ORDER BY seq
            """)
        return try rows.map { row in
            var task = try TaskRecord(postgres: row)
            task.status = .failed
            task.result = "Error"
            task.reason = PathStore.deadOwnerReason(pid: task.ownerPid ?? 0)
            task.finishedAt = Date()
            try session.query("""
                UPDATE task SET status = 'failed', result = \(task.result), reason = \(task.reason),
                "finishedAt" = \(task.finishedAt) WHERE id = \(task.id)
                """)
            return task
        }
    }

    /// Fresh random ids, as the SQLite store makes them.
    static func newId(_ prefix: String) -> String { PathStore.newId(prefix) }
}
