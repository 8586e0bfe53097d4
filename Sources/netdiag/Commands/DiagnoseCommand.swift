import ArgumentParser
import Foundation
import NetDiagAnalysis
import NetDiagEngine
import NetDiagModel
import NetDiagStore

/// `netdiag diagnose`: one diagnosis from the command line, with the same validation as a
/// stored path and nothing written anywhere.
struct DiagnoseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Diagnose one path without storing anything.",
        discussion: """
            Exit 0 Normal, 1 Unconnectable, 2 bad input or an analysis error. With --apply-suggestions, \
            the fixes the blocking items give are applied in memory and the path diagnosed again (up to \
            5 rounds); the report shows the edits, the verdict before and after, the blockers left and \
            the blast radius, and the exit code is the verdict after. Nothing is written but \
            --write-changes FILE (a change file for what-if --change).
            """
    )

    @Option(help: ArgumentHelp("A folder of API responses, a YAML inventory, or a folder holding inventory.yaml.", valueName: "dir"))
    var inventory: String

    @OptionGroup var fields: PathFieldOptions
    @OptionGroup var rules: RuleOptions
    @OptionGroup var output: FormatOption

    @Flag(help: "Apply the blockers' fixes in memory, diagnose again, and report the verdict after and the blast radius.")
    var applySuggestions = false

    @Option(help: ArgumentHelp("With --apply-suggestions: write the applied edits as a what-if change file.", valueName: "file"))
    var writeChanges: String?

    @Flag(help: "With --apply-suggestions: the blast radius also lists the pairs of the region's own objects that change (what-if --inside).")
    var inside = false

    func validate() throws {
        if inside, !applySuggestions {
            throw ValidationError("--inside needs --apply-suggestions (it widens that blast radius)")
        }
        if writeChanges != nil, !applySuggestions {
            throw ValidationError("--write-changes needs --apply-suggestions (it writes the edits that applies)")
        }
    }

    func run() throws {
        let loaded = try InventoryFile.load(inventory)
        let index = InventoryIndex(loaded.inventory)
        let definition = try cliErrors { try PathValidator(index).validate(try fields.spec(name: nil)) }
        let ruleSet = try rules.loadRuleSet()
        if applySuggestions { return try applyingSuggestions(definition.request, index: index, engine: ruleSet.engine) }
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

    /// `--apply-suggestions`: the edits, the verdict before → after, and the blast radius.
    private func applyingSuggestions(_ request: DiagnosisRequest, index: InventoryIndex, engine: RuleEngine) throws {
        let report = try cliErrors {
            try analysisErrors {
                try SuggestionApplier.run(request, on: index, engine: engine, inside: inside) { try rules.makeEngine(reportProblems: false) }
            }
        }
        if let writeChanges {
            guard !report.edits.isEmpty else { throw CLIError("no edit was applied, so there is no change file to write to \(writeChanges)") }
            do {
                try ChangeFile.yaml(report.edits).write(toFile: writeChanges, atomically: true, encoding: .utf8)
            } catch {
                throw CLIError("cannot write the change file \(writeChanges): \(error.localizedDescription)")
            }
        }
        switch output.format {
        case .json: try Console.json(report)
        case .text: SuggestionPrinter.text(report)
        }
        if let writeChanges {
            let n = report.edits.count
            Console.error("wrote \(n) edit\(n == 1 ? "" : "s") to \(writeChanges) (netdiag what-if --change \(writeChanges) reproduces \(n == 1 ? "it" : "them"))")
        }
        switch report.after {
        case Diagnosis.Result.normal.rawValue: return
        case Diagnosis.Result.unconnectable.rawValue: throw ExitCode(1)
        default: throw ExitCode(2)
        }
    }
}
