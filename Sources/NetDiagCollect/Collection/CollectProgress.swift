import Foundation

/// Where a collection is: actions finished of those known so far (the per-id actions become
/// known once the lists are in), and the last action finished.
public struct CollectProgress: Sendable {
    public var finished: Int
    public var known: Int
    public var action: String
}

/// Counts finished actions for the progress callback, from many tasks at once.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var finishedCount = 0, known = 0
    private let report: @Sendable (CollectProgress) -> Void

    init(_ report: @escaping @Sendable (CollectProgress) -> Void) { self.report = report }

    func expect(_ more: Int) {
        lock.lock(); known += more; lock.unlock()
    }

    func finished(_ action: String) {
        lock.lock()
        finishedCount += 1
        let state = CollectProgress(finished: finishedCount, known: known, action: action)
        lock.unlock()
        report(state)
    }
}
