import Foundation
import GRDB

extension PathStore {
    /// The reason stored on a task whose process died.
    public static func deadOwnerReason(pid: Int32) -> String {
        "the netdiag process (pid \(pid)) ended before the task finished"
    }

    /// Marks failed every running task whose owning process is gone (killed, crashed, or the
    /// machine rebooted), so no task is left running forever. Runs when the store opens and
    /// inside every transaction that counts running tasks.
    static func failDeadTasks(_ db: Database) throws -> [TaskRecord] {
        var failed: [TaskRecord] = []
        for var task in try TaskRecord.filter(Column("status") == "running").fetchAll(db) {
            let owner = task.ownerPid.map {
                ProcessIdentity(pid: $0, startTime: task.ownerStartTime, bootId: task.ownerBootId)
            }
            if let owner, owner.isAlive() { continue }
            task.status = .failed
            task.result = "Error"
            task.reason = deadOwnerReason(pid: task.ownerPid ?? 0)
            task.finishedAt = Date()
            try task.update(db)
            failed.append(task)
        }
        return failed
    }
}
