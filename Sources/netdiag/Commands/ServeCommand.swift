import ArgumentParser
import Foundation
import NetDiagServer
import NetDiagStore

/// `netdiag serve`: the team server, the JSON API and the web console (docs/server.md).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API and the web console on a store.",
        discussion: """
            Listens on loopback unless --listen names another address, which requires --token-file. \
            Inventories are read only from inside --inventory-root folders (default: the current folder). \
            Stops on Ctrl-C or SIGTERM: accepted tasks get --shutdown-grace seconds to finish, the rest are failed.
            """
    )

    @Option(help: ArgumentHelp("Address and port; port 0 picks a free one.", valueName: "host:port"))
    var listen = "127.0.0.1:8080"

    @Option(help: ArgumentHelp("A file holding the API token; required beyond loopback.", valueName: "file"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("A folder inventories may be read from (repeatable). Default: the current folder.", valueName: "dir"))
    var inventoryRoot: [String] = []

    @Option(help: ArgumentHelp("Seconds accepted diagnostic tasks get to finish when the server stops (0–3600).", valueName: "seconds"))
    var shutdownGrace = "10"

    @OptionGroup var rules: RuleOptions
    @OptionGroup var store: StoreOptions

    func run() throws {
        let config = try cliErrors {
            let (host, port) = try ServerConfiguration.parseListen(listen)
            let roots = inventoryRoot.isEmpty ? [FileManager.default.currentDirectoryPath] : inventoryRoot
            for root in roots where !FileManager.default.fileExists(atPath: root) {
                throw ServerError("--inventory-root \(root): no such folder")
            }
            // Tasks load the rules when they run; a folder that cannot be read must stop the server
            // now, not fail every task later. Files that do not load are named here, as diagnose does.
            _ = try rules.loadRuleSet()
            return ServerConfiguration(host: host, port: port, token: try tokenFile.map(ServerConfiguration.readToken),
                                       inventoryRoots: roots, ruleFolders: rules.resolvedFolders, sandbox: rules.limits,
                                       shutdownGrace: try ServerConfiguration.parseShutdownGrace(shutdownGrace))
        }
        let server = try cliErrors { try NetDiagServer(configuration: config, store: try store.open()) }
        let location = server.store.location
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: Error?
        Task.detached {
            do {
                let stopped = try await server.run { address in
                    // Unbuffered: scripts and tests wait for this line, and stdout may be a pipe.
                    FileHandle.standardOutput.write(Data("netdiag serve: listening on http://\(address) (store \(location))\n".utf8))
                }
                if stopped.finished + stopped.failed > 0 {
                    Console.error("netdiag serve: stopped; while stopping, \(stopped.finished) task(s) finished and \(stopped.failed) were failed (not done within the \(shutdownGrace) s grace period)")
                }
            } catch { failure = error }
            done.signal()
        }
        done.wait()
        if let failure { throw CLIError("the server stopped: \(failure)") }
    }
}
