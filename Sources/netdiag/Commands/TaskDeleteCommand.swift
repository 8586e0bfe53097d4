import ArgumentParser
import NetDiagStore

/// `netdiag task delete ID`: deletes a finished or failed task record.
struct TaskDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a task record.",
        discussion: "Asks on a terminal; --yes skips the question (required without a terminal). Refused while the task runs."
    )

    @Argument(help: "The task id.")
    var id: String

    @OptionGroup var confirmation: ConfirmOption
    @OptionGroup var store: StoreOptions

    func run() throws {
        let store = try store.open()
        let task = try cliErrors { try store.task(id) }
        try confirmation.confirm("Delete task \(task.id) of path \(task.pathId) (\(StoreViews.outcome(task)))?",
                                 action: "deleting task \(id)")
        try cliErrors { try store.deleteTask(id) }
        Console.out("Deleted task \(id).")
    }
}
