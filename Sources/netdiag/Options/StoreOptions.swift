import ArgumentParser
import Foundation
import NetDiagStore

/// `--store PATH`: the workspace database (default `NETDIAG_STORE`, else `~/.netdiag/netdiag.sqlite`).
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("store"), help: ArgumentHelp(
        "The workspace database. Default: NETDIAG_STORE, else ~/.netdiag/netdiag.sqlite.", valueName: "path"))
    var path: String?

    /// Opens the store; tasks found orphaned by a dead process are reported on stderr.
    func open() throws -> PathStore {
        let store = try cliErrors { try PathStore(url: StoreLocation.resolve(explicit: path)) }
        for task in store.recoveredOnOpen {
            Console.error("note: task \(task.id) of path \(task.pathId) marked failed: \(task.reason ?? "")")
        }
        return store
    }
}
