import Foundation
import Hummingbird

/// An `/api` request no route answers (an unknown path, or a known path with another method)
/// gets the API's JSON error, as every other API reply, instead of the router's empty 404.
struct APINotFoundMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/") || path == "/api" else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return Reply.error(APIError(.notFound, "notFound",
                                        "no API route \(request.method.rawValue) \(path); the routes are listed in docs/server.md"))
        }
    }
}
