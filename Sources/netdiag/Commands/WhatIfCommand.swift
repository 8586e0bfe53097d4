import ArgumentParser
import Foundation
import NetDiagAnalysis
import NetDiagEngine
import NetDiagModel

/// `netdiag what-if --change FILE`: apply edits in memory and report what the internet reaches differently.
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-if",
        abstract: "Apply configuration edits in memory and report the blast radius: what the internet reaches differently.",
        discussion: """
            FILE is a YAML list of edits (add-, remove-, modify-security-group-rule, -acl-entry, \
            -route; bind-eip, unbind-eip): see docs/analysis.md. Nothing is written. Exit 0 when the \
            analysis ran, 2 on bad input (the message names the edit and the field).
            """
    )

    @Option(help: ArgumentHelp("A folder of API responses, a YAML inventory, or a folder holding inventory.yaml.", valueName: "dir"))
    var inventory: String

    @Option(help: ArgumentHelp("The YAML file of edits.", valueName: "file"))
    var change: String

    @OptionGroup var rules: RuleOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        let loaded = try InventoryFile.load(inventory)
        let index = InventoryIndex(loaded.inventory)
        guard let data = FileManager.default.contents(atPath: change), let text = String(data: data, encoding: .utf8) else {
            throw CLIError("cannot read the change file \(change)")
        }
        let changes = try analysisErrors { try ChangeFile.parse(text, file: change, inventory: index.inventory) }
        let ruleSet = try rules.loadRuleSet()
        var first: RuleEngine? = ruleSet.engine
        let report = try analysisErrors {
            try WhatIfAnalyzer.run(changes, on: index) {
                if let engine = first { first = nil; return engine }
                return try rules.makeEngine(reportProblems: false)
            }
        }
        switch output.format {
        case .json: try Console.json(report)
        case .text: ChangePrinter.text(report.changes, heading: "Changes", scope: "Blast radius: \(report.touched.count) destinations touched",
                                       changed: report.changed, evaluations: report.evaluations, advisory: report.advisory)
        }
    }
}
