import Foundation
import NetDiagEngine
import NetDiagModel
import NetDiagStore

/// Runs the server's diagnostic tasks in the background, one at a time on one rule engine
/// (an engine is single-threaded). A task is `running` in the store from the moment it is
/// accepted until its result is written, including while it waits its turn, so the limits
/// count it. Rule files are re-read for every task: an edited rule is picked up without a
/// restart, and the engine is rebuilt only when their hash changes. When the server stops,
/// `drain` lets tasks finish within the grace period and fails the rest (docs/server.md).
final class TaskRunner: @unchecked Sendable {
    private let queue = DispatchQueue(label: "netdiag.server.tasks")
    private let store: any WorkspaceStore
    private let folders: [String]
    private let limits: SandboxLimits
    /// Touched only on `queue`.
    private var engine: (hash: String, engine: RuleEngine)?
    private let lock = NSLock()
    /// Guarded by `lock`: tasks accepted and not yet written, the one on the engine, and why
    /// the server stops (nil while it runs).
    private var pending: [String] = []
    private var current: String?
    private var stopReason: String?
    private var abandoned = false

    init(store: any WorkspaceStore, folders: [String], limits: SandboxLimits) {
        self.store = store; self.folders = folders; self.limits = limits
    }

    /// The rule files as they are now, and their hash (recorded on the task).
    func ruleSet() throws -> (sources: [RuleSource], hash: String) {
        let sources = try RuleDirectory.load(folders)
        return (sources, RuleSetHash.of(sources, folders: folders))
    }

    /// Test hook (docs/server.md): while the file `NETDIAG_TEST_HOLD_TASKS` names exists, tasks
    /// wait before they run (at most `holdLimit` seconds), so tests can watch them running
    /// whatever the machine's load.
    static var holdFile: String? {
        ProcessInfo.processInfo.environment["NETDIAG_TEST_HOLD_TASKS"].flatMap { $0.isEmpty ? nil : $0 }
    }
    static let holdLimit: TimeInterval = 300

    /// Queues a task whose running row is committed; its result is written when it ends.
    func submit(_ task: TaskRecord, path: PathRecord, index: InventoryIndex, rules: (sources: [RuleSource], hash: String)) {
        locked { pending.append(task.id) }
        queue.async { [self] in
            // After the grace period `drain` has failed the task already.
            guard locked({ () -> Bool in
                if !abandoned { current = task.id }
                return !abandoned
            }) else { return }
            if let hold = Self.holdFile {
                let deadline = Date().addingTimeInterval(Self.holdLimit)
                while FileManager.default.fileExists(atPath: hold) && Date() < deadline && !locked({ abandoned }) {
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
            if !locked({ abandoned }) { run(task, path: path, index: index, rules: rules) }
            locked { pending.removeAll { $0 == task.id }; current = nil }
        }
    }

    /// Why new tasks are refused, once the server is stopping.
    var stopping: String? { locked { stopReason } }

    /// Refuses new tasks from now on; `reason` names the signal.
    func stopAccepting(_ reason: String) { locked { if stopReason == nil { stopReason = reason } } }

    /// Waits up to `grace` seconds for the accepted tasks to finish, then fails those left,
    /// so none stays `running` after the server is gone. Returns how many finished and failed.
    func drain(grace: TimeInterval) async -> (finished: Int, failed: Int) {
        stopAccepting("the server stopped")
        let started = locked { pending.count }
        let deadline = Date().addingTimeInterval(grace)
        while locked({ !pending.isEmpty }) && Date() < deadline {
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        let (left, running, reason) = locked { () -> ([String], String?, String) in
            abandoned = true
            return (pending, current, stopReason ?? "the server stopped")
        }
        for id in left {
            let what = id == running
                ? "did not finish within the \(Self.seconds(grace)) grace period"
                : "was still waiting for its turn after the \(Self.seconds(grace)) grace period"
            _ = try? store.failTask(id, reason: "netdiag serve stopped (\(reason)) and this task \(what); run the diagnosis again")
        }
        return (max(0, started - left.count), left.count)
    }

    static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    private func run(_ task: TaskRecord, path: PathRecord, index: InventoryIndex, rules: (sources: [RuleSource], hash: String)) {
        // The inventory may have changed since the path was created: a path that no longer
        // holds fails with the reason, as in the CLI.
        let definition: PathDefinition
        do {
            definition = try PathValidator(index).validate(PathSpec(path.definition))
        } catch {
            _ = try? store.failTask(task.id, reason: "the path no longer holds in the inventory: \(error)")
            return
        }
        do {
            let engine = try engine(for: rules)
            try engine.bind(index)
            try store.finishTask(task.id, diagnosis: try engine.diagnose(definition.request))
        } catch let error as EngineError {
            _ = try? store.failTask(task.id, reason: error.description)
        } catch {
            _ = try? store.failTask(task.id, reason: "\(error)")
        }
    }

    private func engine(for rules: (sources: [RuleSource], hash: String)) throws -> RuleEngine {
        if let engine, engine.hash == rules.hash { return engine.engine }
        let built = try RuleEngine(sources: rules.sources, limits: limits)
        engine = (rules.hash, built)
        return built
    }
}
