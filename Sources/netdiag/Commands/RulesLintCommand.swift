import ArgumentParser
import NetDiagEngine

/// `netdiag rules lint [DIR…]`: load-time validation; exit 1 when any rule is invalid.
struct RulesLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Validate rule files as the engine loads them.",
        discussion: "Exits 1 when any file has a syntax error, a missing or ill-typed field, or a duplicate id."
    )

    @Argument(help: "Folders to lint (default: the rules folders in use).")
    var folders: [String] = []

    @OptionGroup var rules: RuleOptions

    func run() throws {
        var options = rules
        if !folders.isEmpty { options.folders = folders }
        let engine = try options.makeEngine(reportProblems: false)
        for problem in engine.problems { Console.out("error: \(problem)") }
        Console.out("\(engine.rules.count) valid, \(engine.problems.count) invalid")
        if !engine.problems.isEmpty { throw ExitCode(1) }
    }
}
