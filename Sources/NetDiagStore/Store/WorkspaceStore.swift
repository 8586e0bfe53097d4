import Foundation
import NetDiagEngine

/// The workspace's paths, tasks and settings, whatever holds them: the embedded SQLite file
/// (`PathStore`) or a PostgreSQL database shared by a team (`PostgresStore`). Both enforce the
/// console's limits atomically, against every other process using the same store, and fail the
/// running tasks of processes that died. Every operation is synchronous and may be called from
/// any thread.
public protocol WorkspaceStore: AnyObject, Sendable {
    /// The store as messages name it: a file path, or a URL without its password.
    var location: String { get }
    var limits: StoreLimits { get }
    /// Running tasks whose process had died, marked failed when the store was opened.
    var recoveredOnOpen: [TaskRecord] { get }

    /// Stores a new path and, when `task` is given, starts its first diagnostic task, in one
    /// transaction: if a limit refuses either, nothing is written.
    func createPath(_ definition: PathDefinition, startTask task: TaskInputs?) throws -> (PathRecord, TaskStart?)
    /// Every path, oldest first.
    func paths() throws -> [PathRecord]
    func path(_ id: String) throws -> PathRecord
    /// Deletes a path and its task records. Refused while one of its tasks runs.
    func deletePath(_ id: String) throws

    /// Starts a diagnostic task on a path: checks the limits, prunes the path's oldest finished
    /// records beyond the per-path cap, and inserts the running row, in one transaction.
    func startTask(pathId: String, inputs: TaskInputs) throws -> TaskStart
    /// Records a completed diagnosis; a critical rule that broke makes the task failed, `Error`.
    @discardableResult func finishTask(_ id: String, diagnosis: Diagnosis) throws -> TaskRecord
    /// Records an analysis that could not run: status failed, result `Error`, the reason.
    @discardableResult func failTask(_ id: String, reason: String) throws -> TaskRecord
    /// Tasks, oldest first; only one path's when `pathId` is given.
    func tasks(pathId: String?) throws -> [TaskRecord]
    func task(_ id: String) throws -> TaskRecord
    /// Each path's most recent task, by path id.
    func latestTasks() throws -> [String: TaskRecord]
    /// The task of a path that started before `taskId`, if any.
    func previousTask(pathId: String, before taskId: String) throws -> TaskRecord?
    /// Deletes a task record. Refused while it runs.
    func deleteTask(_ id: String) throws

    /// The selected inventory, or nil when none was selected yet.
    func workspaceInventory() throws -> WorkspaceInventory?
    func setWorkspaceInventory(_ inventory: WorkspaceInventory) throws
    /// The cap on kept task records per path.
    func keepPerPath() throws -> Int
    func setKeepPerPath(_ keep: Int) throws

    /// Marks failed the running tasks whose owner is gone, and returns them. A long-running
    /// server calls it now and then, since no store opens there to do it.
    func recoverDeadTasks() throws -> [TaskRecord]
}

extension WorkspaceStore {
    /// Every task, oldest first.
    public func tasks() throws -> [TaskRecord] { try tasks(pathId: nil) }
}
