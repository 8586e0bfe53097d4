import ArgumentParser
import NetDiagStore

/// `netdiag path clone ID`: a new path with the same fields, any of them overridden.
struct PathCloneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone",
        abstract: "Copy a path, changing any field, and diagnose the copy.",
        discussion: "Fields not given are copied. Changing --source or --destination without --vpc lets the VPC and resource group default again from the objects; changing --protocol to icmp or gre drops the port."
    )

    @Argument(help: "The path to copy.")
    var id: String

    @Option(help: "A new name (default: the original's).")
    var name: String?

    @OptionGroup var fields: PathFieldOptions

    @Flag(help: "Store the copy without starting a diagnostic task.")
    var noDiagnose = false

    @OptionGroup var refresh: RefreshOption
    @OptionGroup var rules: RuleOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        var workspace = try Workspace.open(store)
        let original = try cliErrors { try workspace.store.path(id) }
        var spec = PathSpec(original.definition).overridden(by: fields.overrides)
        if let name { spec.name = name }
        if refresh.refresh { workspace = try Refresh.run(workspace, objects: [spec.source, spec.destination], store: store) }
        let definition = try cliErrors { try workspace.validator.validate(spec) }
        try PathCreation(workspace: workspace, rules: noDiagnose ? nil : rules, format: output.format).create(definition)
    }
}
