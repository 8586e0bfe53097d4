import Foundation
import Hummingbird
import NetDiagEngine
import NetDiagInventory
import NetDiagStore

/// A refused request: an HTTP status and `{"error": {"code", "message", "field"?, "value"?}}`.
/// Validation and limit messages are the CLI's, word for word; `code` is the CLI's validation
/// code (`portOutOfRange`, …) or the store error's name (`concurrencyLimit`, …).
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var field: String?
    var value: String?

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil, value: String? = nil) {
        self.status = status; self.code = code; self.message = message; self.field = field; self.value = value
    }

    var body: DataValue {
        var error: [String: DataValue] = ["code": .string(code), "message": .string(message)]
        if let field { error["field"] = .string(field) }
        if let value { error["value"] = .string(value) }
        return .object(["error": .object(error)])
    }

    /// The API error for anything a handler threw.
    static func from(_ error: Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as PathValidationError:
            return APIError(.badRequest, error.code.rawValue, error.description,
                            field: jsonField(error.field), value: error.value)
        case let error as StoreError: return from(store: error)
        case let error as InventoryLoadError:
            return APIError(.unprocessableContent, "inventoryInvalid", "cannot load the inventory:\n\(error.description)")
        case let error as EngineError:
            return APIError(.internalServerError, "engineError", error.description)
        case let error as HTTPError where error.status == .contentTooLarge:
            return APIError(.contentTooLarge, "bodyTooLarge", "the request body is larger than the server accepts")
        default:
            return APIError(.internalServerError, "internal", "\(error)")
        }
    }

    static func from(store error: StoreError) -> APIError {
        let message = error.description
        switch error {
        case .pathLimit: return APIError(.conflict, "pathLimit", message)
        case .taskLimit: return APIError(.conflict, "taskLimit", message)
        case .concurrencyLimit: return APIError(.tooManyRequests, "concurrencyLimit", message)
        case .pathBusy: return APIError(.conflict, "pathBusy", message)
        case .taskRunning: return APIError(.conflict, "taskRunning", message)
        case .notFound: return APIError(.notFound, "notFound", message)
        case .keepOutOfRange(let n): return APIError(.badRequest, "keepOutOfRange", message, field: "keep", value: String(n))
        case .cannotOpen, .badURL, .backend: return APIError(.serviceUnavailable, "storeUnavailable", message)
        }
    }

    /// The API's name for a CLI option named in a validation error.
    static func jsonField(_ option: String) -> String {
        switch option {
        case "--vpc": "vpcId"
        case "--region": "regionId"
        case "--resource-group": "resourceGroupId"
        default: option.hasPrefix("--") ? camelCase(String(option.dropFirst(2))) : option
        }
    }

    private static func camelCase(_ text: String) -> String {
        let parts = text.split(separator: "-")
        return (parts.first.map(String.init) ?? "") + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
