import Hummingbird

/// The request context. Hummingbird's own decoders would stop at this size; the API reads
/// every body through `RequestBody`, with the configured limit.
struct ServerContext: RequestContext {
    var coreContext: CoreRequestContextStorage

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    var maxUploadSize: Int { ServerConfiguration.defaultMaxBodyBytes }
}
