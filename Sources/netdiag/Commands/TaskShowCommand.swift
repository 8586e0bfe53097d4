import ArgumentParser
import Foundation
import NetDiagInventory
import NetDiagStore

/// `netdiag task show ID`: a task exactly as it ran — the stored path, hashes and findings.
struct TaskShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a task with every diagnostic item, as it was recorded.",
        discussion: "Notes when the inventory the task ran on has changed since (re-run with `netdiag path diagnose`)."
    )

    @Argument(help: "The task id.")
    var id: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        let store = try store.open()
        let task = try cliErrors { try store.task(id) }
        var notes: [String] = []
        // Hashing is cheap beside loading: it tells whether a re-run could differ.
        if let now = try? ContentHash.of(path: URL(fileURLWithPath: task.inventoryPath)), now != task.inventoryHash {
            notes.append("the inventory \(task.inventoryPath) changed since this task ran (hash \(task.inventoryHash) -> \(now)); `netdiag path diagnose \(task.pathId)` re-runs it")
        }
        switch output.format {
        case .json: try Console.json(try StoreViews.taskJSON(task, notes: notes))
        case .text:
            Console.out(StoreViews.taskText(task))
            for note in notes { Console.out("note: \(note)") }
        }
    }
}
