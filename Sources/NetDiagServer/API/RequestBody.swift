import Foundation
import Hummingbird
import NetDiagEngine
import NetDiagJSON

/// A JSON object request body, read within the size limit and checked field by field: unknown
/// fields and wrong types are refused with the field's name and what was expected.
struct RequestBody {
    private let object: [String: DataValue]

    static func read(_ request: Request, limit: Int, allowed: Set<String>) async throws -> RequestBody {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, "bodyTooLarge", "the request body is larger than \(limit) bytes, the server's limit")
        }
        if buffer.readableBytes == 0 { return RequestBody(object: [:]) }
        let bytes = Array(buffer.readableBytesView)
        do { _ = try JSONParser.parse(bytes) } catch {
            let (line, column) = error.lineAndColumn(in: bytes)
            throw APIError(.badRequest, "badJSON", error.truncated
                ? "the request body is not valid JSON: it ends before the document is complete; expected one JSON object"
                : "the request body is not valid JSON at line \(line), column \(column): \(error.message); expected one JSON object")
        }
        guard let parsed = try? JSONDecoder().decode(DataValue.self, from: Data(bytes)), case .object(let object) = parsed else {
            throw APIError(.badRequest, "badJSON", "the request body must be one JSON object, not an array or a single value")
        }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            let known = allowed.isEmpty ? "this request takes no fields" : "known: \(allowed.sorted().joined(separator: ", "))"
            throw APIError(.badRequest, "unknownField", "unknown field '\(unknown)'; \(known)", field: unknown)
        }
        return RequestBody(object: object)
    }

    /// A string field; nil when absent or null.
    func string(_ name: String) throws -> String? {
        switch object[name] {
        case nil, .null: return nil
        case .string(let text): return text
        default: throw APIError(.badRequest, "fieldType", "field '\(name)' must be a string", field: name)
        }
    }

    /// A port: a number or a console name (`ssh`), as text for the validator.
    func port(_ name: String) throws -> String? {
        switch object[name] {
        case nil, .null: return nil
        case .string(let text): return text
        case .int(let number): return String(number)
        // Not a whole number: the validator names it ("must be a number 1–65535 or a name").
        case .double(let number): return String(number)
        default: throw APIError(.badRequest, "fieldType", "field '\(name)' must be a number or a port name", field: name)
        }
    }

    /// A whole number; `expected` says which in the error.
    func int(_ name: String, expected: String) throws -> Int? {
        switch object[name] {
        case nil, .null: return nil
        case .int(let number): return number
        default: throw APIError(.badRequest, "fieldType", "field '\(name)' must be \(expected)", field: name)
        }
    }

    func bool(_ name: String) throws -> Bool? {
        switch object[name] {
        case nil, .null: return nil
        case .bool(let value): return value
        default: throw APIError(.badRequest, "fieldType", "field '\(name)' must be true or false", field: name)
        }
    }
}
