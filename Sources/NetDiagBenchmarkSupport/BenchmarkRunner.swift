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
    /// New paths the one-core engine diagnoses, untimed, after the measured ones and before it
    /// measures `diagnoses` further new paths as a long-running engine: by then the objects many
    /// paths share (security groups, route tables, ACLs) are built, as in a service.
    public var steadyWarmup = 8_000
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

        let one = try measureOneCore(index: index, options: options, progress: progress)
        rss["afterOneCore"] = one.maxRss
        rss["afterLongRunning"] = one.maxRssLongRunning
        // The one-core engines are gone here: the all-cores peak counts the model and its own engines.
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
            indexSeconds: indexSeconds, rules: one.rules, ruleProblems: one.problems,
            engineCompileSeconds: one.compileSeconds, bindSeconds: one.bindSeconds,
            latency: one.single.latency, latencyRepeated: one.repeated.latency,
            latencyLongRunning: one.longRunning.latency, longRunningWarmup: options.steadyWarmup,
            latencyEmptyRules: one.baseline.latency,
            diagnosesPerSecondOneCore: Double(one.single.seconds.count) / one.single.seconds.reduce(0, +),
            diagnosesPerSecondAllCores: parallel.perSecond, threads: options.threads,
            verdicts: one.single.verdicts, errorFindings: one.single.errorFindings,
            findingsPerDiagnosis: Double(one.single.findings) / Double(max(1, one.single.seconds.count)),
            maxRssMiB: rss, luaPeakMiB: one.luaPeakMiB,
            luaPeakPerThreadMiB: parallel.luaPeakMiB, ruleCosts: one.costs)
    }

    /// What the one-core phase measured; its engines are released when it returns.
    struct OneCore {
        var single: EngineRun, repeated: EngineRun, longRunning: EngineRun, baseline: EngineRun
        var costs: [BenchmarkReport.RuleCost]
        var compileSeconds: Double, bindSeconds: Double, rules: Int, problems: Int, luaPeakMiB: Double
        var maxRss: Double, maxRssLongRunning: Double
    }

    /// One engine with the rules and one with none, on the same warm-up and measured paths.
    static func measureOneCore(index: InventoryIndex, options: BenchmarkOptions,
                               progress: (String) -> Void) throws -> OneCore {
        var sampler = PathSampler(index.inventory, seed: options.seed)
        let warmup = sampler.take(options.warmup), measured = sampler.take(options.diagnoses)
        progress("compiling rules from \(options.ruleFolders.joined(separator: ", "))")
        var clock = Stopwatch()
        let engine = try RuleEngine(folders: options.ruleFolders)
        let compileSeconds = clock.lap()
        try engine.bind(index)
        let bindSeconds = clock.lap()
        progress("\(engine.rules.count) rules; \(options.diagnoses) diagnoses on one core")
        let single = try EngineRun.measure(engine, warmup: warmup, measured: measured)
        let afterOneCore = ProcessStats.maxRssMiB
        // The same paths again: every object they read is now materialised in the engine.
        let repeated = try EngineRun.measure(engine, warmup: [], measured: measured)
        progress("\(options.steadyWarmup) more paths, then \(options.diagnoses) new ones on the long-running engine")
        let later = sampler.take(options.steadyWarmup), laterMeasured = sampler.take(options.diagnoses)
        let longRunning = try EngineRun.measure(engine, warmup: later, measured: laterMeasured)
        let afterLongRunning = ProcessStats.maxRssMiB

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
            let base = try EngineRun.measure(empty, warmup: subset, measured: subset).latency.mean
            for rule in engine.rules {
                progress("rule \(rule.id) alone")
                // Twice: the first pass may still materialise what only this rule reads.
                let alone = try EngineRun.measure(engine, warmup: subset, measured: subset, only: [rule.id]).latency.mean
                costs.append(.init(rule: rule.id, meanMs: alone, extraMs: alone - base))
            }
            costs.sort { $0.extraMs > $1.extraMs }
        }

        return OneCore(single: single, repeated: repeated, longRunning: longRunning, baseline: baseline, costs: costs,
                       compileSeconds: compileSeconds, bindSeconds: bindSeconds, rules: engine.rules.count,
                       problems: engine.problems.count, luaPeakMiB: Double(engine.memoryPeak) / 1_048_576,
                       maxRss: afterOneCore, maxRssLongRunning: afterLongRunning)
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
