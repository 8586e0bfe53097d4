import Foundation
import NetDiagEngine
import NetDiagStore

/// Runs a task whose row was just written as running, and records how it ended. The path is
/// validated again first: the inventory may have changed since the path was created, and a
/// path that no longer holds makes the task fail with the reason (result Error).
struct TaskExecution {
    let workspace: Workspace
    let rules: LoadedRuleSet

    /// Test hook (docs/paths-and-tasks.md): with `NETDIAG_TEST_PAUSE_IN_TASK=seconds` set, the
    /// process sleeps after the running row is committed, so a test can kill it mid-task.
    static var testPause: Double? {
        ProcessInfo.processInfo.environment["NETDIAG_TEST_PAUSE_IN_TASK"].flatMap(Double.init)
    }

    func run(_ task: TaskRecord, path: PathRecord) throws -> TaskRecord {
        if let pause = Self.testPause, pause > 0 {
            Console.error("test hook: task \(task.id) pausing \(pause) s (pid \(getpid()))")
            Thread.sleep(forTimeInterval: pause)
        }
        let definition: PathDefinition
        do {
            definition = try workspace.validator.validate(PathSpec(path.definition))
        } catch {
            return try cliErrors { try workspace.store.failTask(task.id, reason: "the path no longer holds in the inventory: \(error)") }
        }
        do {
            try rules.engine.bind(workspace.index)
            let diagnosis = try rules.engine.diagnose(definition.request)
            return try cliErrors { try workspace.store.finishTask(task.id, diagnosis: diagnosis) }
        } catch let error as EngineError {
            return try cliErrors { try workspace.store.failTask(task.id, reason: error.description) }
        }
    }
}
