import ArgumentParser
import NetDiagEngine

/// `netdiag rules list`: every loaded rule with its category, severity and file.
struct RulesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the loaded rules.")

    @OptionGroup var rules: RuleOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        let engine = try rules.makeEngine()
        switch output.format {
        case .json: try Console.json(engine.rules)
        case .text:
            Console.table(["ID", "CATEGORY", "SEVERITY", "SIDE", "FILE"],
                          engine.rules.map { [$0.id, $0.category, $0.severity.rawValue, $0.side.rawValue, $0.file] })
            Console.out("\(engine.rules.count) rules loaded" + (engine.problems.isEmpty ? "" : ", \(engine.problems.count) not loaded (see above)"))
        }
    }
}
