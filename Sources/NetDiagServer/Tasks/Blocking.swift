import Dispatch

/// Runs the store's and the loader's blocking work off Swift's cooperative threads, so a slow
/// query or a large inventory never stalls the server's other requests.
enum Blocking {
    private static let queue = DispatchQueue(label: "netdiag.server.blocking", attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
