import ArgumentParser

/// `netdiag task …`: diagnostic task records.
struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "List, show and delete diagnostic tasks; set how many records a path keeps.",
        subcommands: [TaskListCommand.self, TaskShowCommand.self, TaskDeleteCommand.self, TaskKeepCommand.self]
    )
}
