import ArgumentParser
import NetDiagEngine

/// `netdiag rules show ID`: one rule's metadata, advice and reason codes.
struct RulesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one rule.")

    @Argument(help: "The rule id, e.g. security-group.ingress.")
    var id: String

    @OptionGroup var rules: RuleOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        let engine = try rules.makeEngine()
        guard let rule = engine.rule(id) else {
            throw CLIError("no rule with id '\(id)'; `netdiag rules list` shows the loaded ones")
        }
        switch output.format {
        case .json: try Console.json(rule)
        case .text:
            Console.out("\(rule.id): \(rule.title)")
            Console.out("  category:   \(rule.category)")
            Console.out("  severity:   \(rule.severity.rawValue)")
            Console.out("  applies to: \(rule.side.rawValue) side; \(rule.objects.joined(separator: ", "))")
            Console.out("  file:       \(rule.file)")
            Console.out()
            Console.out("  \(rule.description)")
            Console.out()
            Console.out("  reasons:")
            for code in rule.reasons.keys.sorted() {
                let reason = rule.reasons[code]!
                Console.out("    \(code): \(reason.meaning)")
                if let suggestion = reason.suggestion { Console.out("      fix: \(suggestion)") }
            }
        }
    }
}
