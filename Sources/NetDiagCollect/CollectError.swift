/// Why a collection stopped. Every case names the call, file or value at fault.
public enum CollectError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No usable credentials (what is missing and where it was looked for).
    case credentials(String)
    /// The API answered with an error that retrying does not cure (or retries ran out).
    case api(action: String, status: Int, code: String, message: String, requestId: String?)
    /// The endpoint could not be reached, or answered something that is not an API response.
    case transport(action: String, message: String)
    /// A bad option value (`--endpoint`, `--region`, an instance id).
    case usage(String)
    /// The output folder cannot be written or replaced.
    case output(String)

    public var description: String {
        switch self {
        case .credentials(let m): return m
        case .api(let action, let status, let code, let message, let requestId):
            let id = requestId.map { " (RequestId \($0))" } ?? ""
            return "\(action): HTTP \(status) \(code): \(message)\(id)"
        case .transport(let action, let m): return "\(action): \(m)"
        case .usage(let m): return m
        case .output(let m): return m
        }
    }
}
