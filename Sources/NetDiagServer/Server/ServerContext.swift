import Hummingbird

/// The request context: the body limit comes from the configuration (checked again by every
/// handler that reads a body).
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { ServerConfiguration.defaultMaxBodyBytes }
}
