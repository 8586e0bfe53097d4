import ArgumentParser
import NetDiagAnalysis
import NetDiagEngine
import NetDiagModel

/// `netdiag diff OLD NEW`: what the internet reaches differently between two inventories.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare the exposure scans of two inventories and name the configuration difference behind each change.",
        discussion: "Exit 0 when nothing changed, 1 when something did, 2 on bad input. See docs/analysis.md."
    )

    @Argument(help: ArgumentHelp("The earlier inventory (a folder of API responses or a YAML inventory).", valueName: "old"))
    var old: String

    @Argument(help: ArgumentHelp("The later inventory.", valueName: "new"))
    var new: String

    @OptionGroup var rules: RuleOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        let a = InventoryIndex(try InventoryFile.load(old).inventory)
        let b = InventoryIndex(try InventoryFile.load(new).inventory)
        var first: RuleEngine? = try rules.makeEngine()
        let report = try analysisErrors {
            try SnapshotDiff.run(old: a, new: b, names: (old, new)) {
                if let engine = first { first = nil; return engine }
                return try rules.makeEngine(reportProblems: false)
            }
        }
        switch output.format {
        case .json: try Console.json(report)
        case .text:
            ChangePrinter.text(report.causes, heading: "Configuration differences behind the changes",
                               scope: "\(Set(report.changed.map(\.destination)).count) destinations reached differently",
                               changed: report.changed, evaluations: report.evaluations, advisory: report.advisory)
        }
        if !report.changed.isEmpty { throw ExitCode(1) }
    }
}
