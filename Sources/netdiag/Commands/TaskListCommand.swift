import ArgumentParser
import NetDiagStore

/// `netdiag task list [--path ID]`: tasks, newest first.
struct TaskListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List diagnostic tasks, newest first.")

    @Option(help: ArgumentHelp("Only this path's tasks.", valueName: "path-id"))
    var path: String?

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        let store = try store.open()
        if let path { _ = try cliErrors { try store.path(path) } }
        let tasks = try cliErrors { try store.tasks(pathId: path) }.reversed()
        switch output.format {
        case .json: try Console.json(tasks.map(StoreViews.TaskSummary.init))
        case .text:
            Console.table(["TASK", "PATH", "STATUS", "RESULT", "STARTED", "REASON"], StoreViews.taskRows(Array(tasks)))
            Console.out("\(tasks.count) task(s)")
        }
    }
}
