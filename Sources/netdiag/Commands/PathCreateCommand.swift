import ArgumentParser

/// `netdiag path create`: validates a path against the workspace inventory, stores it and
/// starts its first diagnostic task.
struct PathCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a path and diagnose it.",
        discussion: "Exits 0 once the path is stored, whatever the verdict; 2 when a field breaks a rule or a limit is reached (nothing is stored then)."
    )

    @Option(help: "2–128 letters, digits, '.', '_', '-', ':'; starting with a letter.")
    var name: String

    @OptionGroup var fields: PathFieldOptions

    @Flag(help: "Store the path without starting a diagnostic task.")
    var noDiagnose = false

    @OptionGroup var refresh: RefreshOption
    @OptionGroup var rules: RuleOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        var workspace = try Workspace.open(store)
        let spec = try fields.spec(name: name)
        if refresh.refresh { workspace = try Refresh.run(workspace, objects: [spec.source, spec.destination], store: store) }
        let definition = try cliErrors { try workspace.validator.validate(spec) }
        try PathCreation(workspace: workspace, rules: noDiagnose ? nil : rules, format: output.format).create(definition)
    }
}
