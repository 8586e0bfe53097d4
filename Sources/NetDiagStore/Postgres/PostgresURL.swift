import Foundation
import PostgresNIO

/// A `postgres://` (or `postgresql://`) store URL, libpq style:
/// `postgres://USER:PASSWORD@HOST:PORT/DATABASE`, or a Unix socket through `?host=/socket/dir`
/// (`postgres:///netdiag?host=/var/run/postgresql&user=netdiag`). `user` and `password` may
/// also be query parameters; `sslmode=require` asks for TLS. Defaults: port 5432, the user
/// `$USER`, the database named after the user.
public struct PostgresURL: Hashable, Sendable {
    public var host: String?
    public var socketPath: String?
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var requireTLS: Bool

    /// Whether `text` names a PostgreSQL store rather than a file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(_ text: String) throws {
        guard Self.isPostgres(text), let parts = URLComponents(string: text) else {
            throw StoreError.badURL(url: text, reason: "expected postgres://USER@HOST:PORT/DATABASE or postgres:///DATABASE?host=/socket/dir")
        }
        let query = Dictionary((parts.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let known: Set = ["host", "port", "user", "password", "sslmode", "dbname"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw StoreError.badURL(url: Self.redacted(text), reason: "unknown parameter '\(unknown)'; known: \(known.sorted().joined(separator: ", "))")
        }
        let hostParam = query["host"].flatMap { $0.isEmpty ? nil : $0 }
        let urlHost = parts.host.flatMap { $0.isEmpty ? nil : $0 }
        let portText = query["port"] ?? parts.port.map(String.init)
        guard let port = portText.map({ Int($0) }) ?? 5432, (1...65535).contains(port) else {
            throw StoreError.badURL(url: Self.redacted(text), reason: "the port must be 1–65535, got '\(portText ?? "")'")
        }
        self.port = port
        if let hostParam, hostParam.hasPrefix("/") {
            socketPath = hostParam + "/.s.PGSQL.\(port)"; host = nil
        } else {
            host = hostParam ?? urlHost ?? "127.0.0.1"; socketPath = nil
        }
        user = query["user"] ?? parts.user ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        password = query["password"] ?? parts.password
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        database = query["dbname"] ?? (path.isEmpty ? user : path)
        switch query["sslmode"] ?? "disable" {
        case "disable", "allow", "prefer": requireTLS = false
        case "require", "verify-ca", "verify-full": requireTLS = true
        case let other:
            throw StoreError.badURL(url: Self.redacted(text), reason: "sslmode must be disable or require, got '\(other)'")
        }
    }

    /// The same URL pointing at another database on the same server.
    public func with(database: String) -> PostgresURL {
        var copy = self; copy.database = database; return copy
    }

    /// The URL as messages show it: never the password.
    public var display: String {
        let server = socketPath.map { "?host=" + ($0 as NSString).deletingLastPathComponent } ?? ""
        let hostPart = socketPath == nil ? "\(host ?? ""):\(port)" : ""
        return "postgres://\(user)@\(hostPart)/\(database)\(server)"
    }

    static func redacted(_ text: String) -> String {
        guard var parts = URLComponents(string: text) else { return "(unparsable URL)" }
        if parts.password != nil { parts.password = "***" }
        parts.queryItems = parts.queryItems?.map { $0.name == "password" ? URLQueryItem(name: "password", value: "***") : $0 }
        return parts.string ?? "(unparsable URL)"
    }

    func configuration() throws -> PostgresConnection.Configuration {
        if let socketPath {
            return .init(unixSocketPath: socketPath, username: user, password: password, database: database)
        }
        let tls: PostgresConnection.Configuration.TLS = requireTLS
            ? .require(try .init(configuration: .makeClientConfiguration())) : .disable
        return .init(host: host ?? "127.0.0.1", port: port, username: user, password: password, database: database, tls: tls)
    }
}
