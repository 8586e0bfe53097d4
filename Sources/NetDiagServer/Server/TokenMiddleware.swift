import Foundation
import Hummingbird

/// With a token configured, every `/api` request must carry `Authorization: Bearer TOKEN`
/// (compared in constant time). The console's static files carry no data and are served to
/// anyone; the console asks for the token when the API answers 401.
struct TokenMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") || request.uri.path == "/api" else { return try await next(request, context) }
        let given = request.headers[.authorization].flatMap { header -> String? in
            header.hasPrefix("Bearer ") ? String(header.dropFirst(7)) : nil
        }
        guard let given, Self.equal(given, token) else {
            var response = Reply.error(APIError(.unauthorized, "unauthorized",
                                                "this server requires an API token: send Authorization: Bearer TOKEN (the contents of the server's --token-file)"))
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }

    /// Reads every byte whatever differs, so the time taken tells nothing about the token.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for n in 0..<max(x.count, y.count) {
            difference |= (n < x.count ? x[n] : 0) ^ (n < y.count ? y[n] : 0)
        }
        return difference == 0
    }
}
