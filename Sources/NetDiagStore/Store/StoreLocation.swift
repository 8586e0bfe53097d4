import Foundation

/// Where the store lives: `--store PATH|URL`, else `NETDIAG_STORE`, else
/// `~/.netdiag/netdiag.sqlite`. A `postgres://` URL names a PostgreSQL database; another
/// `SCHEME://` is refused; anything else is the path of an SQLite file.
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
        // `postgress://…` or `mysql://…` is a mistyped URL, not a file to create in ./postgress:/…
        if let scheme = urlScheme(spec) {
            throw StoreError.badURL(url: spec, reason: "unknown scheme '\(scheme)'; expected postgres:// or postgresql://, or the path of an SQLite file")
        }
        return try PathStore(url: URL(fileURLWithPath: spec), limits: limits)
    }

    /// The scheme of `SCHEME://…` (RFC 3986 scheme characters), nil for anything else.
    private static func urlScheme(_ spec: String) -> String? {
        guard let range = spec.range(of: "://") else { return nil }
        let scheme = spec[..<range.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return String(scheme)
    }
}
