import ArgumentParser
import NetDiagStore

/// `netdiag path diagnose ID`: starts a new diagnostic task on a stored path and runs it.
struct PathDiagnoseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Run a new diagnostic task on a path.",
        discussion: """
            Asks on a terminal; --yes skips the question (required without a terminal). Says so when the \
            inventory or the rule set changed since the path's previous task. Exit 0 Normal, 1 Unconnectable, \
            2 bad input, a limit, or an analysis error.
            """
    )

    @Argument(help: "The path id.")
    var id: String

    @OptionGroup var confirmation: ConfirmOption
    @OptionGroup var refresh: RefreshOption
    @OptionGroup var rules: RuleOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        var workspace = try Workspace.open(store)
        let path = try cliErrors { try workspace.store.path(id) }
        try confirmation.confirm("Start a diagnostic task on path \(StoreViews.pathLine(path))?",
                                 action: "diagnosing path \(id)")
        if refresh.refresh {
            workspace = try Refresh.run(workspace, objects: [path.definition.source, path.definition.destination], store: store)
        }
        let ruleSet = try rules.loadRuleSet()
        let previous = try cliErrors { try workspace.store.latestTasks()[id] }
        let start = try cliErrors { try workspace.store.startTask(pathId: id, inputs: workspace.inputs(ruleSet)) }
        var notes = Self.changes(since: previous, inputs: start.task)
        notes += TaskPrinter.notes(pruned: start.pruned)
        let task = try TaskExecution(workspace: workspace, rules: ruleSet).run(start.task, path: path)
        try TaskPrinter.print(created: nil, task: task, notes: notes, format: output.format)
        switch task.result {
        case "Normal": return
        case "Unconnectable": throw ExitCode(1)
        default: throw ExitCode(2)
        }
    }

    /// What changed since the path's previous task: the inventory's content, the rule set.
    static func changes(since previous: TaskRecord?, inputs now: TaskRecord) -> [String] {
        guard let previous else { return [] }
        var notes: [String] = []
        if previous.inventoryHash != now.inventoryHash || previous.inventoryPath != now.inventoryPath {
            notes.append("the inventory changed since the previous task \(previous.id) (\(previous.inventoryPath) hash \(previous.inventoryHash) -> \(now.inventoryPath) hash \(now.inventoryHash))")
        }
        if previous.ruleSetHash != now.ruleSetHash {
            notes.append("the rule set changed since the previous task \(previous.id) (hash \(previous.ruleSetHash) -> \(now.ruleSetHash))")
        }
        return notes
    }
}
