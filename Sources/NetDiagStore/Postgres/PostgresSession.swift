import Foundation
import PostgresNIO

/// One connection to the server, used by one thread at a time. Operations block until the server
/// answers (the store's API is synchronous, like SQLite's); they must not be called on a NIO
/// event-loop thread. Write transactions first take one advisory lock per database, so every
/// netdiag process and server on the database checks and changes the limits in turn.
///
/// A connection that was lost (the server restarted, an administrator ended the session) is
/// replaced on the next operation, which is retried once when nothing of it can have run: a
/// statement outside a transaction, or a transaction's `BEGIN`. A transaction cut short fails.
/// A new connection is a new session, so the tasks the old one owned are given up (`key`).
final class PostgresSession: @unchecked Sendable {
    let display: String
    private let url: PostgresURL
    private let logger: Logger
    private var connection: PostgresConnection
    private var currentKey: String
    // Serialises this process's use of the connection (queries and whole transactions).
    private let lock = NSRecursiveLock()
    private var inTransaction = false

    /// The advisory lock every write transaction holds: "ndstore" in ASCII.
    static let writeLockKey: Int64 = 0x6e_6473_746f_7265

    /// A session's key: its backend pid and start time, unique on the server for its lifetime.
    static let sessionKeySQL = "'pg:' || pid || ':' || (extract(epoch from backend_start) * 1000000)::bigint"

    init(url: PostgresURL) throws {
        self.url = url
        display = url.display
        var logger = Logger(label: "netdiag.store.postgres")
        logger.logLevel = .critical
        self.logger = logger
        do {
            (connection, currentKey) = try Self.connect(url, logger: logger)
        } catch {
            throw StoreError.cannotOpen(path: url.display, reason: Self.describe(error))
        }
    }

    // PostgresNIO requires a connection closed before it is released; sessions are released on
    // the threads that used them, never on an event loop, so waiting here is safe.
    deinit { close() }

    /// This session's key, recorded as the owner of the tasks it starts.
    var key: String {
        lock.lock(); defer { lock.unlock() }
        return currentKey
    }

    /// Ends the session (idempotent).
    func close() {
        lock.lock(); defer { lock.unlock() }
        guard !connection.isClosed else { return }
        let closing: EventLoopFuture<Void> = connection.close()
        try? closing.wait()
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    func query(_ query: PostgresQuery) throws -> PostgresQueryResult {
        lock.lock(); defer { lock.unlock() }
        return try run(query, retry: !inTransaction)
    }

    /// Runs `body` in a transaction holding the store's write lock; any error rolls it back.
    func write<T>(_ body: () throws -> T) throws -> T {
        lock.lock(); defer { lock.unlock() }
        try run("BEGIN", retry: true)
        inTransaction = true
        defer { inTransaction = false }
        do {
            try run("SELECT pg_advisory_xact_lock(\(Self.writeLockKey))", retry: false)
            let result = try body()
            try run("COMMIT", retry: false)
            return result
        } catch {
            _ = try? run("ROLLBACK", retry: false)
            throw error
        }
    }

    private func run(_ query: PostgresQuery, retry: Bool) throws -> PostgresQueryResult {
        do {
            if connection.isClosed { try reconnect() }
            return try connection.query(query, logger: logger).wait()
        } catch let error as StoreError {
            throw error
        } catch {
            guard retry, Self.lostConnection(error) || connection.isClosed else {
                throw StoreError.backend(store: display, reason: Self.describe(error))
            }
            do {
                try reconnect()
                return try connection.query(query, logger: logger).wait()
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError.backend(store: display, reason: Self.describe(error))
            }
        }
    }

    private func reconnect() throws {
        let stale: EventLoopFuture<Void> = connection.close()
        try? stale.wait()
        do {
            (connection, currentKey) = try Self.connect(url, logger: logger)
        } catch {
            throw StoreError.backend(store: display, reason: "lost the connection and cannot reconnect: \(Self.describe(error))")
        }
    }

    private static func connect(_ url: PostgresURL, logger: Logger) throws -> (PostgresConnection, String) {
        let connection = try PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: try url.configuration(),
            id: 1, logger: logger).wait()
        let rows = try connection.query("SELECT \(unescaped: sessionKeySQL) FROM pg_stat_activity WHERE pid = pg_backend_pid()",
                                        logger: logger).wait()
        guard let key = try rows.first?.decode(String.self) else {
            let closing: EventLoopFuture<Void> = connection.close()
            try? closing.wait()
            throw StoreError.cannotOpen(path: url.display, reason: "the server does not show this session in pg_stat_activity")
        }
        return (connection, key)
    }

    static func lostConnection(_ error: Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        if [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown].contains(error.code) { return true }
        // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now: the session ended.
        return ["57P01", "57P02", "57P03"].contains(error.serverInfo?[.sqlState] ?? "")
    }

    /// A readable reason: the server's message when there is one (PSQLError hides it from
    /// `description` on purpose), else the connection error.
    static func describe(_ error: Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
            return message + detail
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}
