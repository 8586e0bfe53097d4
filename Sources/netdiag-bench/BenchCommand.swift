import ArgumentParser

/// `netdiag-bench`: generates synthetic regions and measures netdiag on them.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "netdiag-bench",
        abstract: "Generate synthetic regions and benchmark loading and diagnosing them.",
        subcommands: [GenerateCommand.self, RunCommand.self, ReportCommand.self, AnalysisCommand.self])
}
