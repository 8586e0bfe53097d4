/// Everything one benchmark run measured, as written to JSON.
public struct BenchmarkReport: Codable, Sendable {
    /// Latency percentiles of one set of diagnoses, in milliseconds.
    public struct Latency: Codable, Sendable {
        public var count: Int
        public var p50: Double
        public var p90: Double
        public var p99: Double
        public var max: Double
        public var mean: Double

        /// Nearest-rank percentiles of `seconds`.
        public init(seconds: [Double]) {
            let sorted = seconds.sorted().map { $0 * 1000 }
            func rank(_ p: Double) -> Double {
                sorted.isEmpty ? 0 : sorted[Swift.max(0, Swift.min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1))]
            }
            count = sorted.count
            p50 = rank(0.50); p90 = rank(0.90); p99 = rank(0.99)
            self.max = sorted.last ?? 0
            mean = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count)
        }
    }

    /// The machine and its load while measuring.
    public struct Machine: Codable, Sendable {
        public var cpu: String
        public var cores: Int
        public var memoryGiB: Double
        public var os: String
        public var loadAverageBefore: String
        public var loadAverageAfter: String
    }

    /// The per-rule cost: mean latency of diagnoses running only this rule, minus the empty set's.
    public struct RuleCost: Codable, Sendable {
        public var rule: String
        public var meanMs: Double
        public var extraMs: Double
    }

    public var size: String
    public var seed: UInt64
    public var build: String
    public var machine: Machine
    /// Resource counts of the loaded inventory (`Inventory.counts`).
    public var counts: [String: Int]
    public var inventoryFiles: Int
    public var inventoryBytes: Int
    public var loadSeconds: Double
    public var loadWarnings: Int
    public var indexSeconds: Double
    public var rules: Int
    public var ruleProblems: Int
    public var engineCompileSeconds: Double
    public var bindSeconds: Double
    /// Warm engine, the full rule set, one core.
    public var latency: Latency
    /// The same paths diagnosed a second time: no inventory object is built on first touch.
    public var latencyRepeated: Latency
    /// New paths on the same engine after `longRunningWarmup` more paths: a long-running engine
    /// that has built the objects many paths share.
    public var latencyLongRunning: Latency
    public var longRunningWarmup: Int
    /// Warm engine, no rules: resolving the objects and building `ctx` only.
    public var latencyEmptyRules: Latency
    public var diagnosesPerSecondOneCore: Double
    public var diagnosesPerSecondAllCores: Double
    public var threads: Int
    /// Verdicts of the measured diagnoses (Normal, Unconnectable, Error).
    public var verdicts: [String: Int]
    /// Findings with status `error` (a rule broke) among the measured diagnoses.
    public var errorFindings: Int
    public var findingsPerDiagnosis: Double
    /// Peak resident set (getrusage ru_maxrss) after each phase, MiB.
    public var maxRssMiB: [String: Double]
    /// The interpreter's peak (`RuleEngine.memoryPeak`) of the one-core engine (after its long run), and the
    /// largest of the threads', MiB.
    public var luaPeakMiB: Double
    public var luaPeakPerThreadMiB: Double
    public var ruleCosts: [RuleCost]
}
