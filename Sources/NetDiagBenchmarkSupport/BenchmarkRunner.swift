import Foundation
import NetDiagEngine
import NetDiagInventory
import NetDiagModel

/// What to measure and how much.
public struct BenchmarkOptions: Sendable {
    /// Measured diagnoses per engine (after the warm-up).
    public var diagnoses = 2_000
    /// Diagnoses run before measuring, so rules are compiled and common objects materialised.
    public var warmup = 200
    /// Threads for the all-cores figure (one RuleEngine each).
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Rule folders; the empty-rule baseline uses an empty folder.
    public var ruleFolders: [String] = ["rules"]
    /// Seed of the path sampler.
    public var seed: UInt64 = 1
    /// Also time each rule alone (slower: one pass per rule over `perRuleDiagnoses` paths).
    public var perRule = false
    public var perRuleDiagnoses = 300
    public var sizeName = "custom"
    public var build = "unknown"

    public init() {}
}

/// Loads an inventory and measures the engine on it: load time, warm per-diagnosis latency with
/// the rules and with none, throughput on one core and on all cores, and peak memory.
public enum BenchmarkRunner {
    public static func run(inventory path: URL, options: BenchmarkOptions,
                           progress: (String) -> Void = { _ in }) throws -> BenchmarkReport {
        let loadBefore = ProcessStats.loadAverage
        var rss: [String: Double] = ["start": ProcessStats.maxRssMiB]
        progress("loading \(path.path)")
        var clock = Stopwatch()
        let loaded = try InventoryLoader.load(path: path)
        let loadSeconds = clock.lap()
        rss["afterLoad"] = ProcessStats.maxRssMiB
        let index = InventoryIndex(loaded.inventory)
        let indexSeconds = clock.lap()
        rss["afterIndex"] = ProcessStats.maxRssMiB

        var sampler = PathSampler(loaded.inventory, seed: options.seed)
        let warmup = sampler.take(options.warmup), measured = sampler.take(options.diagnoses)
        progress("compiling rules from \(options.ruleFolders.joined(separator: ", "))")
        clock.reset()
        let engine = try RuleEngine(folders: options.ruleFolders)
        let compileSeconds = clock.lap()
        try engine.bind(index)
        let bindSeconds = clock.lap()
        progress("\(engine.rules.count) rules; \(options.diagnoses) diagnoses on one core")
        let single = try EngineRun.measure(engine, warmup: warmup, measured: measured)
        rss["afterOneCore"] = ProcessStats.maxRssMiB

        let emptyFolder = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-bench-empty-\(getpid())")
        try FileManager.default.createDirectory(at: emptyFolder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: emptyFolder) }
        let empty = try RuleEngine(folders: [emptyFolder.path])
        try empty.bind(index)
        progress("empty rule set")
        let baseline = try EngineRun.measure(empty, warmup: warmup, measured: measured)

        var costs: [BenchmarkReport.RuleCost] = []
        if options.perRule {
            let subset = Array(measured.prefix(options.perRuleDiagnoses))
            let base = try EngineRun.measure(empty, warmup: [], measured: subset).latency.mean
            for rule in engine.rules {
                progress("rule \(rule.id) alone")
                let alone = try EngineRun.measure(engine, warmup: [], measured: subset, only: [rule.id]).latency.mean
                costs.append(.init(rule: rule.id, meanMs: alone, extraMs: alone - base))
            }
            costs.sort { $0.extraMs > $1.extraMs }
        }

        progress("\(options.threads) threads × \(options.diagnoses) diagnoses")
        let parallel = try ParallelRun.measure(index: index, folders: options.ruleFolders, threads: options.threads,
                                               diagnoses: options.diagnoses, warmup: options.warmup, seed: options.seed)
        rss["afterAllCores"] = ProcessStats.maxRssMiB

        let (files, bytes) = ProcessStats.folderSize(path)
        return BenchmarkReport(
            size: options.sizeName, seed: options.seed, build: options.build,
            machine: ProcessStats.machine(loadBefore: loadBefore),
            counts: Dictionary(loaded.inventory.counts, uniquingKeysWith: { a, _ in a }),
            inventoryFiles: files, inventoryBytes: bytes, loadSeconds: loadSeconds, loadWarnings: loaded.warnings.count,
            indexSeconds: indexSeconds, rules: engine.rules.count, ruleProblems: engine.problems.count,
            engineCompileSeconds: compileSeconds, bindSeconds: bindSeconds,
            latency: single.latency, latencyEmptyRules: baseline.latency,
            diagnosesPerSecondOneCore: Double(measured.count) / single.seconds.reduce(0, +),
            diagnosesPerSecondAllCores: parallel.perSecond, threads: options.threads,
            verdicts: single.verdicts, errorFindings: single.errorFindings,
            findingsPerDiagnosis: Double(single.findings) / Double(max(1, measured.count)),
            maxRssMiB: rss, luaPeakMiB: Double(engine.memoryPeak) / 1_048_576,
            luaPeakPerThreadMiB: parallel.luaPeakMiB, ruleCosts: costs)
    }
}

/// A monotonic stopwatch.
struct Stopwatch {
    private var last = ContinuousClock.now
    /// Seconds since the previous lap (or the start), and starts the next lap.
    mutating func lap() -> Double {
        let now = ContinuousClock.now
        defer { last = now }
        let d = (now - last).components
        return Double(d.seconds) + Double(d.attoseconds) * 1e-18
    }
    mutating func reset() { last = ContinuousClock.now }
}
