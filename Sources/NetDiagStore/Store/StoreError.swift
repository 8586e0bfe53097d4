/// Why a store operation was refused. Every message says what to do next.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    case pathLimit(region: String, limit: Int)
    case taskLimit(region: String, limit: Int)
    case concurrencyLimit(region: String, limit: Int, running: [String])
    case pathBusy(pathId: String, taskId: String)
    case taskRunning(taskId: String)
    case notFound(kind: String, id: String)
    case keepOutOfRange(Int)
    case cannotOpen(path: String, reason: String)
    case badURL(url: String, reason: String)
    /// The database refused or lost an operation (connection gone, server error).
    case backend(store: String, reason: String)

    public var description: String {
        switch self {
        case .pathLimit(let region, let limit):
            "region \(region.isEmpty ? "(none)" : region) already has \(limit) paths, the limit per region; delete one with `netdiag path delete ID`"
        case .taskLimit(let region, let limit):
            "region \(region.isEmpty ? "(none)" : region) already keeps \(limit) task records, the limit per region; delete old ones with `netdiag task delete ID` or lower the per-path cap with `netdiag task keep N`"
        case .concurrencyLimit(let region, let limit, let running):
            "region \(region.isEmpty ? "(none)" : region) already runs \(limit) diagnostic tasks (\(running.joined(separator: ", "))), the limit of concurrent tasks; retry when one finishes"
        case .pathBusy(let pathId, let taskId):
            "path \(pathId) already has a running task (\(taskId)); a path runs one task at a time"
        case .taskRunning(let taskId):
            "task \(taskId) is still running; wait for it to finish"
        case .notFound(let kind, let id):
            "no \(kind) with id '\(id)' in the store; list them with `netdiag \(kind) list`"
        case .keepOutOfRange(let n):
            "the per-path cap on kept task records must be \(StoreLimits.keepRange.lowerBound)–\(StoreLimits.keepRange.upperBound), got \(n)"
        case .cannotOpen(let path, let reason):
            "cannot open the store \(path): \(reason)"
        case .badURL(let url, let reason):
            "bad store URL \(url): \(reason)"
        case .backend(let store, let reason):
            "the store \(store) failed: \(reason)"
        }
    }
}
