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

    /// Serves until SIGINT or SIGTERM, then lets accepted tasks finish within
    /// `configuration.shutdownGrace` seconds and fails the rest. `onListening` gets the bound
    /// address (`host:port`, the real port when 0 was asked for); the result counts the tasks
    /// that finished and failed while stopping.
    @discardableResult
    public func run(onListening: @escaping @Sendable (String) -> Void) async throws -> (finished: Int, failed: Int) {
        let router = Router(context: ServerContext.self)
        if let token = configuration.token { router.add(middleware: TokenMiddleware(token: token)) }
        router.add(middleware: APINotFoundMiddleware())
        let workspace = ServerWorkspace(store: store, configuration: configuration)
        let runner = TaskRunner(store: store, folders: configuration.ruleFolders, limits: configuration.sandbox)
        let catalog = RuleCatalog(folders: configuration.ruleFolders, limits: configuration.sandbox)
        APIRoutes(workspace: workspace, runner: runner, catalog: catalog, configuration: configuration).register(on: router)
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
        // Hummingbird stops listening on these signals and lets requests in flight finish;
        // from the signal on, the API also refuses new tasks.
        // One serial queue for their handlers: Hummingbird sees the same signal on its own and may
        // return from `runService` before a handler has run, so the queue is flushed before the
        // drain reads which signal stopped the server.
        let signalQueue = DispatchQueue(label: "netdiag.serve.signals")
        let signals = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")].map { number, name in
            signal(number, SIG_IGN)  // delivered to the sources, not the default handler
            let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
            source.setEventHandler { runner.stopAccepting(name) }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        try await app.runService()
        signalQueue.sync {}
        return await runner.drain(grace: configuration.shutdownGrace)
    }

    /// Seconds between looks for tasks whose process died.
    public static let recoveryInterval: Double = 10
}
