import ArgumentParser
import NetDiagStore

/// `netdiag path delete ID`: deletes a path and its task records, after confirmation.
struct PathDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a path and its task records.",
        discussion: "Asks on a terminal; --yes skips the question. Without a terminal, --yes is required (exit 2 otherwise). Refused while a task of the path runs."
    )

    @Argument(help: "The path id.")
    var id: String

    @OptionGroup var confirmation: ConfirmOption
    @OptionGroup var store: StoreOptions

    func run() throws {
        let store = try store.open()
        let path = try cliErrors { try store.path(id) }
        let count = try cliErrors { try store.tasks(pathId: id).count }
        try confirmation.confirm("Delete path \(StoreViews.pathLine(path)) and its \(count) task record(s)?",
                                 action: "deleting path \(id)")
        try cliErrors { try store.deletePath(id) }
        Console.out("Deleted path \(id) and \(count) task record(s).")
    }
}
