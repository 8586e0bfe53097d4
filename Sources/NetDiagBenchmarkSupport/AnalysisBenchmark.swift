import Foundation
import NetDiagAnalysis
import NetDiagEngine
import NetDiagInventory
import NetDiagModel

/// Issue 15's figures: a full internet exposure scan, a reverse query for one port, and the
/// blast radius of one rule change, each on one core, with the process's peak memory.
public struct AnalysisReport: Codable, Sendable {
    public var size: String
    public var build: String
    public var loadSeconds: Double
    public var destinations: Int
    public var endpointClasses: Int
    public var exposureSeconds: Double
    /// CPU time of the scan (one thread): its wall time on an idle core.
    public var exposureCpuSeconds: Double
    public var exposureEvaluations: Int
    public var exposureRows: Int
    /// The reverse query: `reach --to` the most exposed destination's first port, on an engine
    /// bound but fresh (it builds the views of the objects it reads as it goes).
    public var reachTarget: String
    public var reachSeconds: Double
    /// Building the analyzer the query runs on, once per inventory like binding the engine. The
    /// region's group rules, ACL entries, routes and guests are parsed when first read, so this is
    /// now only the NAT gateways' entries; the query pays for what its destination reads.
    public var reachSetupSeconds: Double
    public var reachSourceClasses: Int
    /// What-if: an accept rule for tcp 7000-7100 from anywhere added to that destination's first group.
    public var whatIfChange: String
    public var whatIfSeconds: Double
    public var whatIfTouched: Int
    public var whatIfChanged: Int
    /// The same change with the inside part (traffic between the region's objects): the whole
    /// run, internet part included, and what the inside part touched, found and evaluated.
    public var whatIfInsideSeconds: Double
    public var insideTouchedPairs: Int
    public var insideChanged: Int
    public var insideEvaluations: Int
    public var maxRssMiB: Double
}

public enum AnalysisBenchmark {
    /// The region loaded (timed by `clock`: the seconds are the load alone) and an engine bound to it.
    static func loadBound(_ path: URL, ruleFolders: [String], clock: inout Stopwatch,
                          progress: (String) -> Void) throws -> (InventoryIndex, RuleEngine, Double) {
        progress("loading \(path.path)")
        let index = InventoryIndex(try InventoryLoader.load(path: path).inventory)
        let loadSeconds = clock.lap()
        let engine = try RuleEngine(folders: ruleFolders)
        try engine.bind(index)
        return (index, engine, loadSeconds)
    }

    /// `exposureOnly`: time the exposure scan alone (the reverse query and what-if fields stay empty).
    public static func run(inventory path: URL, ruleFolders: [String], sizeName: String, build: String,
                           exposureOnly: Bool = false, exposureOutput: URL? = nil, progress: (String) -> Void = { _ in }) throws -> AnalysisReport {
        var clock = Stopwatch()
        let (index, engine, loadSeconds) = try AnalysisBenchmark.loadBound(path, ruleFolders: ruleFolders, clock: &clock, progress: progress)
        progress("exposure scan")
        _ = clock.lap()
        let cpuBefore = ProcessStats.cpuSeconds
        let exposure = try ExposureScanner(engine: engine, index: index).scan(from: SourceScope("internet", index: index))
        let exposureSeconds = clock.lap()
        let exposureCpuSeconds = ProcessStats.cpuSeconds - cpuBefore
        if let exposureOutput {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(exposure).write(to: exposureOutput)
        }
        if exposureOnly {
            return AnalysisReport(size: sizeName, build: build, loadSeconds: loadSeconds,
                                  destinations: exposure.summary.destinations, endpointClasses: exposure.summary.endpointClasses,
                                  exposureSeconds: exposureSeconds, exposureCpuSeconds: exposureCpuSeconds, exposureEvaluations: exposure.summary.evaluations,
                                  exposureRows: exposure.rows.count, reachTarget: "", reachSeconds: 0, reachSetupSeconds: 0, reachSourceClasses: 0,
                                  whatIfChange: "", whatIfSeconds: 0, whatIfTouched: 0, whatIfChanged: 0,
                                  whatIfInsideSeconds: 0, insideTouchedPairs: 0, insideChanged: 0, insideEvaluations: 0,
                                  maxRssMiB: ProcessStats.maxRssMiB)
        }

        var counts: [String: Int] = [:]
        for row in exposure.rows where row.kind == "instance" && row.protocol == "tcp" { counts[row.destination, default: 0] += 1 }
        guard let busiest = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key,
              let row = exposure.rows.first(where: { $0.destination == busiest && $0.protocol == "tcp" }),
              let group = index.instances[busiest]?.securityGroupIds.first else {
            throw AnalysisError.badInput("the region exposes no instance on tcp; nothing to query")
        }
        let target = "\(busiest):tcp/\(row.examplePort)"
        progress("reach --to \(target)")
        let reachEngine = try RuleEngine(folders: ruleFolders)
        try reachEngine.bind(index)
        _ = clock.lap()
        let analyzer = ReachAnalyzer(engine: reachEngine, index: index)
        let reachSetupSeconds = clock.lap()
        let (d, proto, port) = try analyzer.target(target)
        let reach = try analyzer.reach(to: d, protocol: proto, port: port)
        let reachSeconds = clock.lap()

        let change = Change.addGroupRule(group: group, rule: SecurityGroupRule(
            id: "sgr-bench-what-if", direction: .ingress, policy: .accept, priority: 1, protocol: "tcp",
            portRange: PortRange(start: 7000, end: 7100)!, cidr: "0.0.0.0/0"))
        progress("what-if: \(change.description)")
        _ = clock.lap()
        let whatIf = try WhatIfAnalyzer.run([change], on: index) { try RuleEngine(folders: ruleFolders) }
        let whatIfSeconds = clock.lap()
        progress("what-if with the inside part")
        let withInside = try WhatIfAnalyzer.run([change], on: index, inside: true) { try RuleEngine(folders: ruleFolders) }
        let whatIfInsideSeconds = clock.lap()
        let inside = withInside.inside

        return AnalysisReport(size: sizeName, build: build, loadSeconds: loadSeconds,
                              destinations: exposure.summary.destinations, endpointClasses: exposure.summary.endpointClasses,
                              exposureSeconds: exposureSeconds, exposureCpuSeconds: exposureCpuSeconds, exposureEvaluations: exposure.summary.evaluations,
                              exposureRows: exposure.rows.count, reachTarget: target, reachSeconds: reachSeconds,
                              reachSetupSeconds: reachSetupSeconds,
                              reachSourceClasses: reach.summary.sourceClasses, whatIfChange: change.description,
                              whatIfSeconds: whatIfSeconds, whatIfTouched: whatIf.touched.count, whatIfChanged: whatIf.changed.count,
                              whatIfInsideSeconds: whatIfInsideSeconds, insideTouchedPairs: inside?.touchedPairs ?? 0,
                              insideChanged: inside?.changed.count ?? 0, insideEvaluations: inside?.evaluations ?? 0,
                              maxRssMiB: ProcessStats.maxRssMiB)
    }
}
