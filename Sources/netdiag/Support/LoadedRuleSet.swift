import NetDiagEngine

/// A rule engine and the hash of the rule files it loaded, stored with every task.
struct LoadedRuleSet {
    let engine: RuleEngine
    let hash: String
    let folders: [String]
}

extension RuleOptions {
    /// Reads the rule files once, hashes them and compiles them: the hash is of exactly the
    /// files the engine runs. Files that fail to load are reported on stderr and left out.
    func loadRuleSet(reportProblems: Bool = true) throws -> LoadedRuleSet {
        let folders = resolvedFolders
        let sources: [RuleSource]
        let engine: RuleEngine
        do {
            sources = try RuleDirectory.load(folders)
            engine = try RuleEngine(sources: sources, limits: limits)
        } catch {
            throw CLIError("\(error)")
        }
        if reportProblems {
            for problem in engine.problems { Console.error("rule not loaded: \(problem)") }
        }
        attachLog(to: engine)
        return LoadedRuleSet(engine: engine, hash: RuleSetHash.of(sources, folders: folders), folders: folders)
    }
}
