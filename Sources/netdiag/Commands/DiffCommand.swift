import ArgumentParser
import NetDiagAnalysis
import NetDiagEngine
import NetDiagModel
import NetDiagStore

/// `netdiag diff OLD NEW`: what the internet reaches differently between two inventories.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare the exposure scans of two inventories and name the configuration difference behind each change.",
        discussion: """
            With --paths, the workspace's stored paths are diagnosed on both inventories too, and             those whose verdict changed are listed with the differences of their two objects. Exit             0 when nothing changed, 1 when something did, 2 on bad input. See docs/analysis.md.
            """
    )

    @Argument(help: ArgumentHelp("The earlier inventory (a folder of API responses or a YAML inventory).", valueName: "old"))
    var old: String

    @Argument(help: ArgumentHelp("The later inventory.", valueName: "new"))
    var new: String

    @Flag(help: "Also compare the verdicts of the workspace's stored paths.")
    var paths = false

    @OptionGroup var store: StoreOptions
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
        var pathChanges: [PathChange] = []
        if paths {
            let stored = try cliErrors { try store.open().paths() }
            let (e1, e2) = (try rules.makeEngine(reportProblems: false), try rules.makeEngine(reportProblems: false))
            try cliErrors { try e1.bind(a); try e2.bind(b) }
            pathChanges = PathVerdictDiff.run(stored.map { ($0.id, $0.definition.request) }, old: e1, new: e2, oldIndex: a, newIndex: b)
        }
        switch output.format {
        case .json:
            if paths { try Console.json(DiffOutput(exposure: report, paths: pathChanges)) } else { try Console.json(report) }
        case .text:
            ChangePrinter.text(report.causes, heading: "Configuration differences behind the changes",
                               scope: "\(Set(report.changed.map(\.destination)).count) destinations reached differently",
                               changed: report.changed, evaluations: report.evaluations, advisory: report.advisory)
            if paths {
                Console.out()
                Console.out(pathChanges.isEmpty ? "No stored path changed verdict." : "Stored paths whose verdict changed:")
                if !pathChanges.isEmpty {
                    Console.table(["PATH", "SOURCE", "DESTINATION", "PROTO", "BEFORE", "AFTER", "CAUSE"], pathChanges.map {
                        [$0.path, $0.source, $0.destination, $0.port < 0 ? $0.protocol : "\($0.protocol)/\($0.port)", $0.before, $0.after,
                         ($0.causes.first ?? "") + ($0.causes.count > 1 ? " (+\($0.causes.count - 1))" : "")]
                    })
                }
            }
        }
        if !report.changed.isEmpty || !pathChanges.isEmpty { throw ExitCode(1) }
    }
}

/// `diff --paths --format json`: the exposure comparison and the stored paths that changed.
struct DiffOutput: Encodable {
    var exposure: SnapshotDiffReport
    var paths: [PathChange]
}
