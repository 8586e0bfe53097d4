import Foundation

/// Short text tables of benchmark reports: one run against the targets, or several sizes side by side.
public enum ReportTable {
    /// One run: each figure, the empty-rule baseline where it applies, and the target.
    public static func single(_ r: BenchmarkReport) -> String {
        let ruleCount = r.counts["securityGroupRules"] ?? 0
        var lines = [
            "netdiag benchmark — \(r.size) region: \(r.counts["instances"] ?? 0) instances, "
                + "\(r.counts["securityGroups"] ?? 0) groups, \(ruleCount) group rules, "
                + "\(r.counts["routeEntries"] ?? 0) routes, \(r.inventoryFiles) files (\(mib(Double(r.inventoryBytes) / 1_048_576)))",
            "seed \(r.seed), \(r.build) build, \(r.rules) rules (\(r.ruleProblems) problems), \(r.machine.cores) × \(r.machine.cpu), load \(r.machine.loadAverageBefore)",
            "",
        ]
        let rows: [(String, String, String)] = [
            ("inventory load", seconds(r.loadSeconds) + " (\(r.loadWarnings) warnings)", "< 5 s"),
            ("index + compile + bind", "\(seconds(r.indexSeconds)) + \(seconds(r.engineCompileSeconds)) + \(seconds(r.bindSeconds))", ""),
            ("diagnosis p50  rules / empty", "\(ms(r.latency.p50)) / \(ms(r.latencyEmptyRules.p50))", "< 1 ms"),
            ("diagnosis p90  rules / empty", "\(ms(r.latency.p90)) / \(ms(r.latencyEmptyRules.p90))", ""),
            ("diagnosis p99  rules / empty", "\(ms(r.latency.p99)) / \(ms(r.latencyEmptyRules.p99))", "< 5 ms"),
            ("diagnosis max  rules / empty", "\(ms(r.latency.max)) / \(ms(r.latencyEmptyRules.max))", ""),
            ("same paths again p50 / p99", "\(ms(r.latencyRepeated.p50)) / \(ms(r.latencyRepeated.p99))", ""),
            ("long-running p50 / p90 / p99", "\(ms(r.latencyLongRunning.p50)) / \(ms(r.latencyLongRunning.p90)) / "
                + "\(ms(r.latencyLongRunning.p99)) (new paths after \(r.longRunningWarmup) more)", "< 1 / < 5 ms"),
            ("diagnoses/s one core", String(format: "%.0f", r.diagnosesPerSecondOneCore), ""),
            ("diagnoses/s \(r.threads) threads", String(format: "%.0f", r.diagnosesPerSecondAllCores), ""),
            ("peak RSS (ru_maxrss)", mib(r.maxRssMiB["afterAllCores"] ?? 0)
                + " (after load \(mib(r.maxRssMiB["afterLoad"] ?? 0)), one core \(mib(r.maxRssMiB["afterOneCore"] ?? 0)),"
                + " long-running \(mib(r.maxRssMiB["afterLongRunning"] ?? 0)))", "< 1024 MiB"),
            ("Lua memoryPeak one engine", mib(r.luaPeakMiB) + " (per thread \(mib(r.luaPeakPerThreadMiB)))", ""),
            ("verdicts", r.verdicts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                + "; \(r.errorFindings) error findings", ""),
        ]
        lines += format([("figure", "measured", "target")] + rows)
        if !r.ruleCosts.isEmpty {
            lines += ["", "per rule (mean of diagnoses running only that rule, above the empty set):"]
            lines += format([("rule", "extra ms", "mean ms")] + r.ruleCosts.map { ($0.rule, ms($0.extraMs), ms($0.meanMs)) })
        }
        return lines.joined(separator: "\n")
    }

    /// Several runs side by side (small → large), to show how each figure grows.
    public static func growth(_ reports: [BenchmarkReport]) -> String {
        func row(_ name: String, _ value: (BenchmarkReport) -> String) -> [String] { [name] + reports.map(value) }
        let rows: [[String]] = [
            ["figure"] + reports.map(\.size),
            row("instances") { "\($0.counts["instances"] ?? 0)" },
            row("ENIs") { "\($0.counts["networkInterfaces"] ?? 0)" },
            row("groups × rules") { "\($0.counts["securityGroups"] ?? 0) / \($0.counts["securityGroupRules"] ?? 0)" },
            row("route entries") { "\($0.counts["routeEntries"] ?? 0)" },
            row("guests") { "\($0.counts["guests"] ?? 0)" },
            row("files / size") { "\($0.inventoryFiles) / \(mib(Double($0.inventoryBytes) / 1_048_576))" },
            row("load") { seconds($0.loadSeconds) },
            row("p50 rules / empty") { "\(ms($0.latency.p50)) / \(ms($0.latencyEmptyRules.p50))" },
            row("p90 rules / empty") { "\(ms($0.latency.p90)) / \(ms($0.latencyEmptyRules.p90))" },
            row("p99 rules / empty") { "\(ms($0.latency.p99)) / \(ms($0.latencyEmptyRules.p99))" },
            row("again p50 / p99") { "\(ms($0.latencyRepeated.p50)) / \(ms($0.latencyRepeated.p99))" },
            row("long-running p50 / p99") { "\(ms($0.latencyLongRunning.p50)) / \(ms($0.latencyLongRunning.p99))" },
            row("diagnoses/s 1 core") { String(format: "%.0f", $0.diagnosesPerSecondOneCore) },
            row("diagnoses/s all cores") { String(format: "%.0f (%d)", $0.diagnosesPerSecondAllCores, $0.threads) },
            row("peak RSS one core / all") {
                "\(mib(max($0.maxRssMiB["afterOneCore"] ?? 0, $0.maxRssMiB["afterLongRunning"] ?? 0))) / \(mib($0.maxRssMiB["afterAllCores"] ?? 0))"
            },
            row("Lua peak / engine") { mib($0.luaPeakMiB) },
        ]
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }

    private static func format(_ rows: [(String, String, String)]) -> [String] {
        let a = rows.map(\.0.count).max() ?? 0, b = rows.map(\.1.count).max() ?? 0
        return rows.map {
            ($0.0.padding(toLength: a, withPad: " ", startingAt: 0) + "  "
                + $0.1.padding(toLength: b, withPad: " ", startingAt: 0) + "  " + $0.2)
                .trimmingCharacters(in: .whitespaces)
        }
    }

    static func ms(_ v: Double) -> String { v < 10 ? String(format: "%.3f ms", v) : String(format: "%.1f ms", v) }
    static func seconds(_ v: Double) -> String { String(format: "%.2f s", v) }
    static func mib(_ v: Double) -> String { String(format: "%.0f MiB", v) }
}
