import Foundation
import Hummingbird
import Logging
import NetDiagStore

/// `netdiag serve`: the JSON API and the web console in one process, on one store.
public struct NetDiagServer: Sendable {
    public let configuration: ServerConfiguration
    public let store: any WorkspaceStore

    /// Refuses to listen beyond loopback without a token.
    public init(configuration: ServerConfiguration, store: any WorkspaceStore) throws(ServerError) {
        if !ServerConfiguration.isLoopback(configuration.host) && configuration.token == nil {
            throw ServerError("--listen \(configuration.host):\(configuration.port) is not a loopback address: give --token-file FILE, so the API requires Authorization: Bearer TOKEN")
        }
        self.configuration = configuration; self.store = store
    }

    /// Serves until SIGINT or SIGTERM. `onListening` gets the bound address (`host:port`, the
    /// real port when 0 was asked for).
    public func run(onListening: @escaping @Sendable (String) -> Void) async throws {
        let router = Router(context: ServerContext.self)
        if let token = configuration.token { router.add(middleware: TokenMiddleware(token: token)) }
        router.add(middleware: APINotFoundMiddleware())
        let workspace = ServerWorkspace(store: store, configuration: configuration)
        let runner = TaskRunner(store: store, folders: configuration.ruleFolders, limits: configuration.sandbox)
        APIRoutes(workspace: workspace, runner: runner, configuration: configuration).register(on: router)
        try ConsoleRoutes().register(on: router)
        var logger = Logger(label: "netdiag.serve")
        logger.logLevel = .warning
        let host = configuration.host
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "netdiag"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                onListening(host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")
            },
            logger: logger)
        // Tasks of CLI processes that died are failed by the next write; a server that only
        // serves reads would show them running, so it looks now and then.
        let store = store
        let recovery = Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(Self.recoveryInterval * 1e9))
                _ = try? await Blocking.run { try store.recoverDeadTasks() }
            }
        }
        defer { recovery.cancel() }
        try await app.runService()
    }

    /// Seconds between looks for tasks whose process died.
    public static let recoveryInterval: Double = 10
}
