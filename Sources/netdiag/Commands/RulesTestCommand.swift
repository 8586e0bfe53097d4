import ArgumentParser
import Foundation
import NetDiagEngine
import NetDiagRuleTesting

/// `netdiag rules test [DIR…] [--filter PATTERN] [--update]`: runs fixture cases through the
/// engine as a diagnosis task does; exit 1 when a case fails, 2 when a case file is unusable.
struct RulesTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the rules' fixture cases (rules/tests/<group>/<case>.yaml).",
        discussion: """
        Each case binds its inventory, diagnoses its path with every loaded rule and compares the \
        findings it names with what they reported. Ends with `N passed, N failed`. Exits 1 when a \
        case fails, 2 when a case file is malformed (the file and the field are named). \
        See docs/rule-authoring.md.
        """
    )

    @Argument(help: "Case folders or files (default: the tests/ folder of each rules folder in use).")
    var paths: [String] = []

    @Option(help: "Run only cases whose <group>/<case> name contains this text, or matches this glob (*, ?).")
    var filter: String?

    @Flag(help: "Rewrite each case's expect from the actual results (status, reason, listed evidence), for review.")
    var update = false

    @OptionGroup var rules: RuleOptions

    func run() throws {
        let engine = try rules.makeEngine()
        var folders = paths
        if folders.isEmpty {
            folders = rules.resolvedFolders.map { ($0 as NSString).appendingPathComponent("tests") }
                .filter { FileManager.default.fileExists(atPath: $0) }
            if folders.isEmpty { Console.error("note: no tests/ folder in \(rules.resolvedFolders.joined(separator: ", "))") }
        }
        let locations: [CaseLocation]
        do { locations = try CaseDiscovery.find(folders, filter: filter) } catch { throw CLIError("\(error)") }
        let runner = RuleTestRunner(engine: engine)
        let loaded = Set(engine.rules.map(\.id))
        var passed = 0, failed = 0, invalid = 0
        for location in locations {
            rules.attachLog(to: engine, label: location.name)
            var result = runner.run(location)
            if update, let testCase = result.testCase, let diagnosis = result.diagnosis, !result.passed {
                result = try rewrite(testCase, diagnosis, loaded: loaded, runner: runner, at: location)
            }
            switch result.outcome {
            case .passed:
                passed += 1
                Console.out("pass  \(location.name)")
            case .failed(let lines):
                failed += 1
                let description = result.testCase?.description ?? ""
                Console.out("FAIL  \(location.name)" + (description.isEmpty ? "" : "  (\(description))"))
                for line in lines { Console.out("      " + line) }
            case .invalid(let error):
                failed += 1; invalid += 1
                Console.out("FAIL  \(location.name)")
                Console.out("      invalid case: \(error)")
                Console.error("error: \(error)")
            }
        }
        Console.out("\(passed) passed, \(failed) failed")
        if invalid > 0 { throw ExitCode(2) }
        if failed > 0 { throw ExitCode(1) }
    }

    /// Writes the case's new expect, then runs it again from the file.
    private func rewrite(_ testCase: RuleTestCase, _ diagnosis: Diagnosis, loaded: Set<String>,
                         runner: RuleTestRunner, at location: CaseLocation) throws -> RuleTestResult {
        do {
            let text = try String(contentsOf: testCase.file, encoding: .utf8)
            let updated = try ExpectationUpdater.updatedText(text, testCase: testCase, diagnosis: diagnosis, loadedRules: loaded)
            try updated.write(to: testCase.file, atomically: true, encoding: .utf8)
        } catch {
            throw CLIError("cannot update \(testCase.file.path): \(error)")
        }
        Console.out("updated \(location.name): review the new expect in \(testCase.file.path)")
        return runner.run(location)
    }
}
