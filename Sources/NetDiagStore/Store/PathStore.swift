import Foundation
import GRDB

/// The workspace: paths, diagnostic tasks and settings in one SQLite file (WAL mode, so
/// readers never wait for a writer). Several netdiag processes may use it at once: writes are
/// IMMEDIATE transactions and wait up to `busyTimeout` for each other.
public final class PathStore: WorkspaceStore {
    public let url: URL
    public let limits: StoreLimits
    /// The identity recorded on tasks this process starts.
    public let owner: ProcessIdentity
    /// Running tasks whose process had died, marked failed when the store was opened.
    public let recoveredOnOpen: [TaskRecord]
    let pool: DatabasePool

    /// How long a write waits for another process's write before giving up.
    public static let busyTimeout: TimeInterval = 15

    /// Opens (creating the file and its folder on first use) and migrates the store, then fails
    /// the tasks whose owning process is gone.
    public init(url: URL, limits: StoreLimits = .console, owner: ProcessIdentity = .current) throws {
        self.url = url; self.limits = limits; self.owner = owner
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            var config = Configuration()
            config.busyMode = .timeout(Self.busyTimeout)
            config.foreignKeysEnabled = true
            pool = try DatabasePool(path: url.path, configuration: config)
            try StoreSchema.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: url.path, reason: error.message ?? error.description)
        } catch {
            throw StoreError.cannotOpen(path: url.path, reason: "\(error)")
        }
        recoveredOnOpen = try pool.write { db in try Self.failDeadTasks(db) }
    }

    public var location: String { url.path }

    public func recoverDeadTasks() throws -> [TaskRecord] {
        try pool.write { db in try Self.failDeadTasks(db) }
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n") }
    }

    /// Fresh random ids: `path-`/`task-` and 12 hex digits.
    static func newId(_ prefix: String) -> String {
        prefix + "-" + String(format: "%012llx", UInt64.random(in: 0..<(1 << 48)))
    }
}
