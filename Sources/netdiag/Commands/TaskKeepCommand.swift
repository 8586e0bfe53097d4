import ArgumentParser
import NetDiagStore

/// `netdiag task keep [N]`: shows or sets how many task records each path keeps.
struct TaskKeepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keep",
        abstract: "Show or set the cap on task records kept per path (default 50).",
        discussion: "When a new task would exceed the cap, the path's oldest finished or failed records are deleted in the same transaction that starts it."
    )

    @Argument(help: ArgumentHelp("The new cap, \(StoreLimits.keepRange.lowerBound)–\(StoreLimits.keepRange.upperBound).", valueName: "n"))
    var keep: Int?

    @OptionGroup var store: StoreOptions

    func run() throws {
        let store = try store.open()
        if let keep { try cliErrors { try store.setKeepPerPath(keep) } }
        Console.out("Each path keeps at most \(try cliErrors { try store.keepPerPath() }) task record(s).")
    }
}
