import Foundation
import Testing
@testable import NetDiagStore

/// The store suite runs against both backends. PostgreSQL comes from `NETDIAG_TEST_POSTGRES_URL`
/// (`make test` starts a throwaway server through scripts/with-postgres.sh); each store gets a
/// database of its own. Without the URL the Postgres cases are skipped with a printed reason,
/// unless `NETDIAG_REQUIRE_POSTGRES=1` (set by `make test`), where they fail.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var postgresURL: PostgresURL? {
        guard let text = ProcessInfo.processInfo.environment["NETDIAG_TEST_POSTGRES_URL"], !text.isEmpty else { return nil }
        return try? PostgresURL(text)
    }

    /// Whether this backend can run here; records a failure when PostgreSQL is required but absent.
    var available: Bool {
        guard self == .postgres, Self.postgresURL == nil else { return true }
        if ProcessInfo.processInfo.environment["NETDIAG_REQUIRE_POSTGRES"] == "1" {
            Issue.record("NETDIAG_REQUIRE_POSTGRES=1 but NETDIAG_TEST_POSTGRES_URL is unset or not a postgres:// URL")
        } else {
            print("skipped: the PostgreSQL store cases need NETDIAG_TEST_POSTGRES_URL (make test starts a server)")
        }
        return false
    }

    /// A fresh, empty store: a new SQLite file, or a new database on the test server.
    func store(limits: StoreLimits = .console, owner: ProcessIdentity = .current) throws -> any WorkspaceStore {
        switch self {
        case .sqlite: return try Fixtures.store(limits: limits, owner: owner)
        case .postgres: return try PostgresStore(url: try Self.freshDatabase(), limits: limits, owner: owner)
        }
    }

    static func freshDatabase() throws -> PostgresURL {
        guard let admin = postgresURL else { throw StoreError.badURL(url: "", reason: "no test server") }
        let name = "netdiag_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgresSession(url: admin).query("CREATE DATABASE \(unescaped: name)")
        return admin.with(database: name)
    }
}

/// Opens another handle on the same store, as another process would.
func reopen(_ store: any WorkspaceStore, limits: StoreLimits = .console, owner: ProcessIdentity = .current) throws -> any WorkspaceStore {
    switch store {
    case let sqlite as PathStore: return try PathStore(url: sqlite.url, limits: limits, owner: owner)
    case let postgres as PostgresStore: return try PostgresStore(url: postgres.url, limits: limits, owner: owner)
    default: throw StoreError.badURL(url: store.location, reason: "unknown backend")
    }
}

/// Writes records directly, bypassing the limits: a store filled by an older netdiag.
func insertDirectly(_ tasks: [TaskRecord], into store: any WorkspaceStore) throws {
    switch store {
    case let sqlite as PathStore:
        try sqlite.pool.write { db in for task in tasks { try task.insert(db) } }
    case let postgres as PostgresStore:
        try postgres.session.write { for task in tasks { try postgres.session.query(task.postgresInsert) } }
    default: break
    }
}

/// Deletes the oldest `count` records of a path directly.
func deleteOldest(_ count: Int, pathId: String, in store: any WorkspaceStore) throws {
    let ids = try store.tasks(pathId: pathId).prefix(count).map(\.id)
    switch store {
    case let sqlite as PathStore:
        try sqlite.pool.write { db in _ = try TaskRecord.deleteAll(db, keys: ids) }
    case let postgres as PostgresStore:
        try postgres.session.query("DELETE FROM task WHERE id = ANY(\(ids))")
    default: break
    }
}
