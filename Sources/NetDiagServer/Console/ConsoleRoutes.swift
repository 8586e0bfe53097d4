import Foundation
import Hummingbird

/// The web console: one page (`index.html`) that shows the path list, a path's diagnoses or a
/// task's details depending on the URL, and its script and style sheet, all served from the
/// module's resources. Nothing is loaded from elsewhere.
struct ConsoleRoutes: Sendable {
    static let assets: [String: (file: String, type: String)] = [
        "console.js": ("console.js", "text/javascript; charset=utf-8"),
        "console.css": ("console.css", "text/css; charset=utf-8"),
    ]

    let page: [UInt8]
    let files: [String: [UInt8]]

    init() throws {
        func read(_ name: String) throws -> [UInt8] {
            guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Assets") else {
                throw ServerError("the console's \(name) is missing from the netdiag build")
            }
            return Array(try Data(contentsOf: url))
        }
        page = try read("index.html")
        files = try Self.assets.mapValues { try read($0.file) }
    }

    func register(on router: Router<ServerContext>) {
        let page = page, files = files
        // The same page for every console URL; the script reads the path.
        for route in ["/", "paths/:id", "tasks/:id"] {
            router.get(RouterPath(route)) { _, _ in Self.html(page) }
        }
        router.get("assets/:name") { _, context in
            let name = try context.parameters.require("name")
            guard let body = files[name], let type = Self.assets[name]?.type else {
                return Reply.error(APIError(.notFound, "notFound", "no console file named '\(name)'"))
            }
            return Reply.bytes(body, type: type)
        }
    }

    static func html(_ page: [UInt8]) -> Response {
        var response = Reply.bytes(page, type: "text/html; charset=utf-8")
        // Only this server's own script and styles; no framing by other sites.
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
        return response
    }
}
