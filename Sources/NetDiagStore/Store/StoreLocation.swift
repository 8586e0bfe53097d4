import Foundation

/// Where the store lives: `--store PATH`, else `NETDIAG_STORE`, else `~/.netdiag/netdiag.sqlite`.
public enum StoreLocation {
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        if let fromEnv = environment["NETDIAG_STORE"], !fromEnv.isEmpty { return URL(fileURLWithPath: fromEnv) }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".netdiag").appendingPathComponent("netdiag.sqlite")
    }
}
