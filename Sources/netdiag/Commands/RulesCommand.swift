import ArgumentParser

/// `netdiag rules …`: list, show and lint the rule files.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List, show and validate diagnostic rules.",
        subcommands: [RulesListCommand.self, RulesShowCommand.self, RulesLintCommand.self,
                      RulesTestCommand.self, RulesNewCommand.self, RulesRunCommand.self, RulesReasonsCommand.self]
    )
}
