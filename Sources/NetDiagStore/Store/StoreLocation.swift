import Foundation

/// Where the store lives: `--store PATH|URL`, else `NETDIAG_STORE`, else
/// `~/.netdiag/netdiag.sqlite`. A `postgres://` URL names a PostgreSQL database; anything else
/// is the path of an SQLite file.
public enum StoreLocation {
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        URL(fileURLWithPath: spec(explicit: explicit, environment: environment))
    }

    /// The store named by the option or the environment, as given.
    public static func spec(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnv = environment["NETDIAG_STORE"], !fromEnv.isEmpty { return fromEnv }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".netdiag").appendingPathComponent("netdiag.sqlite").path
    }

    /// Opens the store `spec` names: PostgreSQL for a `postgres://` URL, else the SQLite file.
    public static func open(_ spec: String, limits: StoreLimits = .console) throws -> any WorkspaceStore {
        if PostgresURL.isPostgres(spec) { return try PostgresStore(url: try PostgresURL(spec), limits: limits) }
        return try PathStore(url: URL(fileURLWithPath: spec), limits: limits)
    }
}
