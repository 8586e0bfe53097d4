import ArgumentParser
import Foundation
import NetDiagEngine
import NetDiagRuleTesting

/// `netdiag rules new ID --category C`: scaffolds a rule file and a first case that passes.
struct RulesNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a documented rule file and a first fixture case that passes.",
        discussion: "Writes <dir>/<category>/<name>.lua and <dir>/tests/<id>/passes.yaml; never overwrites."
    )

    @Argument(help: "The rule id, e.g. vswitch.capacity (lower-case, dots and dashes).")
    var id: String

    @Option(help: "The rule's category, e.g. vswitch (lower-case, dashes); also its folder.")
    var category: String

    @Option(help: "The side of the path it checks: source, network, destination or return.")
    var side: String = "destination"

    @Option(help: ArgumentHelp("The rules folder to write into (default: ./rules).", valueName: "dir"))
    var dir: String?

    func run() throws {
        guard let side = Rule.Side(rawValue: side) else {
            throw CLIError("invalid --side '\(side)': use source, network, destination or return")
        }
        let folder = dir ?? "rules"
        if dir == nil, !FileManager.default.fileExists(atPath: folder) {
            throw CLIError("no rules/ folder here: run from the repository root, or pass --dir")
        }
        do {
            let scaffold = try RuleScaffold(id: id, category: category, side: side,
                                            directory: URL(fileURLWithPath: folder))
            for file in try scaffold.write() { Console.out("created \(relative(file.path))") }
            let rulesFlag = dir == nil ? "" : " --rules \(folder)"
            Console.out("next: edit \(relative(scaffold.ruleFile.path)), then run: netdiag rules test\(rulesFlag) --filter \(id)")
        } catch {
            throw CLIError("\(error)")
        }
    }

    private func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }
}
