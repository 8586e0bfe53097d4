import ArgumentParser
import Foundation
import NetDiagStore

/// `--store PATH|URL`: the workspace database (default `NETDIAG_STORE`, else `~/.netdiag/netdiag.sqlite`);
/// a `postgres://` URL names a PostgreSQL database (docs/server.md).
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("store"), help: ArgumentHelp(
        "The workspace database: an SQLite file or a postgres:// URL. Default: NETDIAG_STORE, else ~/.netdiag/netdiag.sqlite.", valueName: "path"))
    var path: String?

    /// Opens the store; tasks found orphaned by a dead process are reported on stderr.
    func open() throws -> any WorkspaceStore {
        let store = try cliErrors { try StoreLocation.open(StoreLocation.spec(explicit: path)) }
        for task in store.recoveredOnOpen {
            Console.error("note: task \(task.id) of path \(task.pathId) marked failed: \(task.reason ?? "")")
        }
        return store
    }
}
