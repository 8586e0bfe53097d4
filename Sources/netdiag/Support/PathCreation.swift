import NetDiagStore

/// What `path create` and `path clone` share: store the validated path and, unless
/// `--no-diagnose`, start its first task in the same transaction and run it.
struct PathCreation {
    let workspace: Workspace
    /// nil with `--no-diagnose`.
    let rules: RuleOptions?
    let format: OutputFormat

    func create(_ definition: PathDefinition) throws {
        let ruleSet = try rules?.loadRuleSet()
        let (path, start) = try cliErrors {
            try workspace.store.createPath(definition, startTask: ruleSet.map(workspace.inputs))
        }
        var task: TaskRecord?
        if let start, let ruleSet {
            task = try TaskExecution(workspace: workspace, rules: ruleSet).run(start.task, path: path)
        }
        try TaskPrinter.print(created: path, task: task, notes: [], format: format)
    }
}
