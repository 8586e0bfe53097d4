import ArgumentParser
import Foundation
import NetDiagAnalysis
import NetDiagEngine
import NetDiagModel
import NetDiagStore

/// `netdiag what-if --change FILE`: apply edits in memory and report what the internet, and the
/// region's own objects, reach differently.
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-if",
        abstract: "Apply configuration edits in memory and report the blast radius: what the internet and the region's own objects reach differently.",
        discussion: """
            FILE is a YAML list of edits (add-, remove-, modify-security-group-rule, -acl-entry, \
            -route; bind-eip, unbind-eip; add-, remove-guest-firewall-line): see docs/analysis.md. \
            diagnose --apply-suggestions --write-changes FILE writes one. With --source/--destination/--protocol \
            (as for diagnose), that path is diagnosed before and after too. --inside adds every \
            (source, destination) pair of one VPC, protocol and port range whose status changed, with \
            the edits behind it; only pairs an edit can change are rescanned. \
            Nothing is written. Exit \
            0 when the analysis ran, 2 on bad input (the message names the edit and the field).
            """
    )

    @Option(help: ArgumentHelp("A folder of API responses, a YAML inventory, or a folder holding inventory.yaml.", valueName: "dir"))
    var inventory: String

    @Option(help: ArgumentHelp("The YAML file of edits.", valueName: "file"))
    var change: String

    @Flag(help: "Also report traffic between the region's own instances and ENIs that changed (slower on large groups: see docs/performance.md).")
    var inside = false

    @OptionGroup var path: PathFieldOptions
    @OptionGroup var rules: RuleOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        let loaded = try InventoryFile.load(inventory)
        let index = InventoryIndex(loaded.inventory)
        guard let data = FileManager.default.contents(atPath: change), let text = String(data: data, encoding: .utf8) else {
            throw CLIError("cannot read the change file \(change)")
        }
        let changes = try analysisErrors { try ChangeFile.parse(text, file: change, inventory: index.inventory) }
        var pathChange: PathChange?
        if path.source != nil || path.destination != nil || path.proto != nil {
            let definition = try cliErrors { try PathValidator(index).validate(try path.spec(name: nil)) }
            let after = InventoryIndex(try analysisErrors { try ChangeApplier.apply(changes, to: index.inventory) })
            let (e1, e2) = (try rules.makeEngine(reportProblems: false), try rules.makeEngine(reportProblems: false))
            try cliErrors { try e1.bind(index); try e2.bind(after) }
            pathChange = PathVerdictDiff.compare("path", definition.request, old: e1, new: e2, oldIndex: index, newIndex: after)
        }
        let ruleSet = try rules.loadRuleSet()
        var first: RuleEngine? = ruleSet.engine
        let report = try analysisErrors {
            try WhatIfAnalyzer.run(changes, on: index, inside: inside) {
                if let engine = first { first = nil; return engine }
                return try rules.makeEngine(reportProblems: false)
            }
        }
        switch output.format {
        case .json:
            if let pathChange { try Console.json(WhatIfOutput(blastRadius: report, path: pathChange)) } else { try Console.json(report) }
        case .text:
            if let p = pathChange {
                let what = p.port < 0 ? p.protocol : "\(p.protocol)/\(p.port)"
                Console.out("Path \(p.source) → \(p.destination) \(what): \(p.before) before, \(p.after) after")
                for b in p.blockersAfter { Console.out("  blocked after by \(b)") }
                Console.out()
            }
            ChangePrinter.text(report.changes, heading: "Changes", scope: "Blast radius: \(Console.count(report.touched.count, "destination")) touched",
                               changed: report.changed, evaluations: report.evaluations, advisory: report.advisory)
            if let inside = report.inside {
                Console.out()
                InsidePrinter.text(inside)
            }
        }
    }
}

/// `what-if --source … --format json`: the blast radius and the path before and after.
struct WhatIfOutput: Encodable {
    var blastRadius: WhatIfReport
    var path: PathChange
}
