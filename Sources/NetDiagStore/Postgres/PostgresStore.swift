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
    /// The identity recorded on tasks this process starts; `ownerBootId` names the session.
    public let owner: ProcessIdentity
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
        let me = try session.query("SELECT \(unescaped: Self.sessionKeySQL) FROM pg_stat_activity WHERE pid = pg_backend_pid()")
        guard let key = try me.first?.decode(String.self) else {
            throw StoreError.cannotOpen(path: url.display, reason: "the server does not show this session in pg_stat_activity")
        }
        self.owner = ProcessIdentity(pid: owner.pid, startTime: owner.startTime, bootId: key)
        recoveredOnOpen = try session.write { try Self.failDeadTasks(session) }
    }

    public var location: String { url.display }

    /// Ends the session now (else when the store is released). Tasks it still owns are failed
    /// by the next process that writes.
    public func close() { session.close() }

    public func recoverDeadTasks() throws -> [TaskRecord] {
        try session.write { try Self.failDeadTasks(session) }
    }

    /// A session's key: its backend pid and start time, unique on the server for its lifetime.
    static let sessionKeySQL =
        "'pg:' || pid || ':' || (extract(epoch from backend_start) * 1000000)::bigint"

    /// Marks failed every running task whose owner's session is gone. Runs when the store opens
    /// and inside every transaction that counts running tasks.
    static func failDeadTasks(_ session: PostgresSession) throws -> [TaskRecord] {
        let rows = try session.query("""
            SELECT * FROM task WHERE status = 'running' AND NOT EXISTS
                (SELECT 1 FROM pg_stat_activity WHERE \(unescaped: sessionKeySQL) = task."ownerBootId")
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
