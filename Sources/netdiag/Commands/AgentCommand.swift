import ArgumentParser

/// `netdiag agent …`: what runs on a guest to collect its OS state.
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Collect a guest's OS state (firewall rules, listening sockets, interfaces, load).",
        subcommands: [AgentCollectCommand.self]
    )
}
