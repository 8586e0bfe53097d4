import Foundation
import Hummingbird
import NetDiagEngine

/// Responses: JSON as the CLI prints it (keys sorted), text, and downloads.
enum Reply {
    static func json(_ value: DataValue, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONReport.encoder(pretty: false).encode(value)
        return bytes(data, type: "application/json; charset=utf-8", status: status)
    }

    static func json<T: Encodable>(encoding value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        bytes(try JSONReport.encoder(pretty: false).encode(value), type: "application/json; charset=utf-8", status: status)
    }

    static func error(_ error: APIError) -> Response {
        (try? json(error.body, status: error.status)) ?? Response(status: error.status)
    }

    static func bytes(_ data: some Collection<UInt8>, type: String, status: HTTPResponse.Status = .ok,
                      download filename: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        if let filename { headers[.contentDisposition] = "attachment; filename=\"\(filename)\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, type: String = "text/plain; charset=utf-8", status: HTTPResponse.Status = .ok,
                     download filename: String? = nil) -> Response {
        bytes(Array(text.utf8), type: type, status: status, download: filename)
    }
}
