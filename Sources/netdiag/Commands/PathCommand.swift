import ArgumentParser

/// `netdiag path …`: stored paths and their diagnostic tasks.
struct PathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "Create, clone, list, show, delete and diagnose paths.",
        discussion: "Paths live in the workspace store (--store, NETDIAG_STORE or ~/.netdiag/netdiag.sqlite) and are checked against the inventory chosen with `netdiag inventory use`. See docs/paths-and-tasks.md.",
        subcommands: [PathCreateCommand.self, PathCloneCommand.self, PathListCommand.self, PathShowCommand.self,
                      PathDeleteCommand.self, PathDiagnoseCommand.self]
    )
}
