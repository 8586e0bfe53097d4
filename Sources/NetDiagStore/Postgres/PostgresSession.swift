import Foundation
import PostgresNIO

/// One connection to the server, used by one thread at a time. Operations block until the server
/// answers (the store's API is synchronous, like SQLite's); they must not be called on a NIO
/// event-loop thread. Write transactions first take one advisory lock per database, so every
/// netdiag process and server on the database checks and changes the limits in turn.
final class PostgresSession: @unchecked Sendable {
    let display: String
    private let connection: PostgresConnection
    private let logger: Logger
    // Serialises this process's use of the one connection (queries and whole transactions).
    private let lock = NSRecursiveLock()

    /// The advisory lock every write transaction holds: "ndstore" in ASCII.
    static let writeLockKey: Int64 = 0x6e_6473_746f_7265

    init(url: PostgresURL) throws {
        display = url.display
        var logger = Logger(label: "netdiag.store.postgres")
        logger.logLevel = .critical
        self.logger = logger
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: try url.configuration(),
                id: 1, logger: logger).wait()
        } catch {
            throw StoreError.cannotOpen(path: url.display, reason: Self.describe(error))
        }
    }

    // PostgresNIO requires a connection closed before it is released; sessions are released on
    // the threads that used them, never on an event loop, so waiting here is safe.
    deinit { close() }

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
        do {
            return try connection.query(query, logger: logger).wait()
        } catch {
            throw StoreError.backend(store: display, reason: Self.describe(error))
        }
    }

    /// Runs `body` in a transaction holding the store's write lock; any error rolls it back.
    func write<T>(_ body: () throws -> T) throws -> T {
        lock.lock(); defer { lock.unlock() }
        try query("BEGIN")
        do {
            try query("SELECT pg_advisory_xact_lock(\(Self.writeLockKey))")
            let result = try body()
            try query("COMMIT")
            return result
        } catch {
            _ = try? query("ROLLBACK")
            throw error
        }
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
