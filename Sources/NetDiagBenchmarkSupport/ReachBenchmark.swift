import Foundation
import NetDiagAnalysis
import NetDiagEngine
import NetDiagInventory
import NetDiagModel

/// The reverse query alone (`reach --to`, and `reach --from` when named), on one core, without
/// the exposure scan the full analysis benchmark runs first to pick its target.
public struct ReachTiming: Codable, Sendable {
    public var loadSeconds: Double
    public var reachTarget: String
    /// Each run's building of the analyzer (entries are parsed on first use, in the query), then its query:
    /// wall-clock and CPU seconds (the CPU time is what the machine's load does not inflate).
    public var analyzerSeconds: [Double]
    public var analyzerCpuSeconds: [Double]
    public var reachSeconds: [Double]
    public var reachCpuSeconds: [Double]
    public var regionSources: Int
    public var sourceClasses: Int
    public var evaluations: Int
    public var internetRows: Int
    public var reachFrom: String?
    public var reachFromSeconds: Double?
    public var reachFromRows: Int?
    public var reachFromEvaluations: Int?
    public var maxRssMiB: Double
    public var loadAverage: String
}

public enum ReachBenchmark {
    public static func run(inventory path: URL, ruleFolders: [String], to target: String, from sender: String?, runs: Int,
                           progress: (String) -> Void = { _ in }) throws -> ReachTiming {
        var clock = Stopwatch()
        let (index, engine, loadSeconds) = try AnalysisBenchmark.loadBound(path, ruleFolders: ruleFolders, clock: &clock, progress: progress)
        var build: [Double] = [], buildCpu: [Double] = [], seconds: [Double] = [], cpu: [Double] = []
        var last: ReachReport?
        for run in 1...max(1, runs) {
            progress("reach --to \(target) (run \(run))")
            _ = clock.lap()
            var start = cpuSeconds()
            let analyzer = ReachAnalyzer(engine: engine, index: index)
            build.append(clock.lap())
            buildCpu.append(cpuSeconds() - start)
            start = cpuSeconds()
            let (d, proto, port) = try analyzer.target(target)
            last = try analyzer.reach(to: d, protocol: proto, port: port)
            seconds.append(clock.lap())
            cpu.append(cpuSeconds() - start)
        }
        var timing = ReachTiming(loadSeconds: loadSeconds, reachTarget: target, analyzerSeconds: build, analyzerCpuSeconds: buildCpu,
                                 reachSeconds: seconds, reachCpuSeconds: cpu,
                                 regionSources: last!.summary.regionSources, sourceClasses: last!.summary.sourceClasses,
                                 evaluations: last!.summary.evaluations,
                                 internetRows: last!.internet.count, maxRssMiB: 0, loadAverage: ProcessStats.loadAverage)
        if let sender {
            progress("reach --from \(sender)")
            _ = clock.lap()
            let analyzer = ReachAnalyzer(engine: engine, index: index)
            let report = try analyzer.reach(from: try analyzer.sender(sender))
            timing.reachFrom = sender
            timing.reachFromSeconds = clock.lap()
            timing.reachFromRows = report.rows.count
            timing.reachFromEvaluations = report.summary.evaluations
        }
        timing.maxRssMiB = ProcessStats.maxRssMiB
        return timing
    }

    /// User and system CPU time of the process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
