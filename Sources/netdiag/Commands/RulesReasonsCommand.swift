import ArgumentParser
import NetDiagRuleTesting

/// `netdiag rules reasons`: every reason code of every loaded rule, plus the host's.
struct RulesReasonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reasons",
        abstract: "List every reason code: the loaded rules' and the host's.",
        discussion: "`--format markdown` writes docs/reason-codes.md: `make reason-codes` regenerates it."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @Option(help: "Output format: text, json or markdown.")
    var format: Format = .text

    @OptionGroup var rules: RuleOptions

    func run() throws {
        let engine = try rules.makeEngine()
        switch format {
        case .text: ReasonCatalog.text(engine.rules).forEach { Console.out($0) }
        case .json: try Console.json(ReasonCatalog.entries(engine.rules))
        case .markdown: print(ReasonCatalog.markdown(engine.rules), terminator: "")
        }
    }
}
