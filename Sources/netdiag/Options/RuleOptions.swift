import ArgumentParser
import NetDiagEngine

/// Where rules come from and the sandbox limits they run under.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp(
        "A folder of rule files (repeatable). Replaces the default rules/ and NETDIAG_RULES.",
        valueName: "dir"))
    var folders: [String] = []

    @Option(name: .customLong("add-rules"), help: ArgumentHelp(
        "A folder of rule files loaded in addition to the others (repeatable).", valueName: "dir"))
    var extraFolders: [String] = []

    @Option(help: "Lua instructions one rule call may run.")
    var instructionBudget: Int = SandboxLimits().instructionBudget

    @Option(help: ArgumentHelp("Memory one rule call may allocate, in MiB.", valueName: "mib"))
    var memoryLimit: Int = SandboxLimits().memoryPerCall >> 20

    @Option(help: ArgumentHelp("Memory the whole Lua interpreter may hold while rules run, in MiB.", valueName: "mib"))
    var interpreterMemoryLimit: Int = SandboxLimits().memoryPerInterpreter >> 20

    @Option(help: ArgumentHelp("Wall-clock time one rule call may take, in milliseconds.", valueName: "ms"))
    var timeLimit: Int = Int(SandboxLimits().timeLimitMilliseconds)

    @Flag(help: "Write what rules log(...) to stderr, as `log: <rule-id>: <message>` (never stdout).")
    var verbose = false

    func validate() throws {
        guard instructionBudget > 0 else {
            throw ValidationError("--instruction-budget must be a positive number of instructions, got \(instructionBudget)")
        }
        guard (1...4096).contains(memoryLimit) else {
            throw ValidationError("--memory-limit must be between 1 and 4096 MiB, got \(memoryLimit)")
        }
        guard (16...65536).contains(interpreterMemoryLimit) else {
            throw ValidationError("--interpreter-memory-limit must be between 16 and 65536 MiB, got \(interpreterMemoryLimit)")
        }
        guard (1...3_600_000).contains(timeLimit) else {
            throw ValidationError("--time-limit must be between 1 and 3600000 ms, got \(timeLimit)")
        }
    }

    var resolvedFolders: [String] { RuleDirectory.resolve(explicit: folders) + extraFolders }

    var limits: SandboxLimits {
        SandboxLimits(instructionBudget: instructionBudget, memoryPerCall: memoryLimit << 20,
                      memoryPerInterpreter: interpreterMemoryLimit << 20, timeLimit: .milliseconds(timeLimit))
    }

    /// With `--verbose`, streams the rules' log lines to stderr (prefixed with `label` when given).
    func attachLog(to engine: RuleEngine, label: String? = nil) {
        guard verbose else { return }
        let prefix = label.map { "log: [\($0)] " } ?? "log: "
        engine.onLog { Console.error(prefix + $0) }
    }

    /// Loads the engine; rule files that fail are reported on stderr (unless `reportProblems`
    /// is false) and left out.
    func makeEngine(reportProblems: Bool = true) throws -> RuleEngine {
        try loadRuleSet(reportProblems: reportProblems).engine
    }
}
