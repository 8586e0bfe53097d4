import ArgumentParser
import NetDiagEngine
import NetDiagModel
import NetDiagStore

/// `netdiag diagnose`: one diagnosis from the command line, with the same validation as a
/// stored path and nothing written anywhere.
struct DiagnoseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Diagnose one path without storing anything.",
        discussion: "Exit 0 Normal, 1 Unconnectable, 2 bad input or an analysis error."
    )

    @Option(help: ArgumentHelp("A folder of API responses, a YAML inventory, or a folder holding inventory.yaml.", valueName: "dir"))
    var inventory: String

    @OptionGroup var fields: PathFieldOptions
    @OptionGroup var rules: RuleOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        let loaded = try InventoryFile.load(inventory)
        let index = InventoryIndex(loaded.inventory)
        let definition = try cliErrors { try PathValidator(index).validate(try fields.spec(name: nil)) }
        let ruleSet = try rules.loadRuleSet()
        let report: DiagnosisReport
        do {
            try ruleSet.engine.bind(index)
            report = DiagnosisReport(try ruleSet.engine.diagnose(definition.request))
        } catch {
            report = DiagnosisReport(failed: definition.request, reason: error.description)
        }
        switch output.format {
        case .json: Console.out(try JSONReport.render(report))
        case .text: Console.out(TextReport.render(report))
        }
        switch report.result {
        case Diagnosis.Result.normal.rawValue: return
        case Diagnosis.Result.unconnectable.rawValue: throw ExitCode(1)
        default: throw ExitCode(2)
        }
    }
}
