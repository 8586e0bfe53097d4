import ArgumentParser
import Foundation
import NetDiagBenchmarkSupport
import NetDiagEngine

/// `netdiag-bench run`: generates a region (in a child process, so its memory does not count)
/// unless `--inventory` is given, then measures loading and diagnosing it.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Measure load time, diagnosis latency, throughput and peak memory.")

    @Option(help: "small, medium or large.") var size = "small"
    @Option(help: "Seed of the region and of the paths.") var seed: UInt64 = 1
    @Option(help: "Measured diagnoses per engine.") var diagnoses = 2_000
    @Option(help: "Unmeasured diagnoses first, per engine.") var warmup = 200
    @Option(help: "Further new paths before the long-running measure.") var steadyWarmup = 8_000
    @Option(help: "Threads for the all-cores figure (default: every core).") var threads: Int?
    @Option(help: "json or text.") var format = "text"
    @Option(name: .customLong("rules"), help: "Rules folder (repeatable; default: the repository's rules/).")
    var ruleFolders: [String] = []
    @Option(help: "Benchmark this region folder instead of generating one.") var inventory: String?
    @Option(help: "Also write the JSON report to this file.") var output: String?
    @Flag(help: "Also time each rule alone.") var perRule = false
    @Flag(help: "Keep the generated region folder.") var keep = false

    func run() throws {
        guard ["json", "text"].contains(format) else { throw ValidationError("--format must be json or text") }
        guard diagnoses > 0 else { throw ValidationError("--diagnoses must be at least 1, got \(diagnoses)") }
        guard warmup >= 0, steadyWarmup >= 0 else {
            throw ValidationError("--warmup and --steady-warmup must be 0 or more, got \(warmup) and \(steadyWarmup)")
        }
        var region = inventory.map { URL(fileURLWithPath: $0) }
        var generated: URL?
        if region == nil {
            guard RegionSpec.preset(size) != nil else {
                throw ValidationError("unknown size '\(size)': expected small, medium or large")
            }
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("netdiag-bench-\(size)-\(seed)-\(getpid())")
            try? FileManager.default.removeItem(at: folder)
            log("generating the \(size) region (seed \(seed)) into \(folder.path)")
            try Self.generateInChild(size: size, seed: seed, into: folder)
            region = folder
            generated = folder
        }
        defer { if let generated, !keep { try? FileManager.default.removeItem(at: generated) } }

        var options = BenchmarkOptions()
        options.diagnoses = diagnoses
        options.warmup = warmup
        options.steadyWarmup = steadyWarmup
        options.threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
        options.ruleFolders = RuleDirectory.resolve(explicit: ruleFolders)
        options.seed = seed
        options.perRule = perRule
        options.sizeName = inventory == nil ? size : "custom"
        #if DEBUG
        options.build = "debug"
        #else
        options.build = "release"
        #endif
        let report = try BenchmarkRunner.run(inventory: region!, options: options, progress: log)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(report)
        if let output { try json.write(to: URL(fileURLWithPath: output)) }
        if format == "json" {
            print(String(decoding: json, as: UTF8.self))
        } else {
            print(ReportTable.single(report))
        }
    }

    private func log(_ line: String) {
        FileHandle.standardError.write(Data("netdiag-bench: \(line)\n".utf8))
    }

    /// Runs `netdiag-bench generate` as a child process of this same binary.
    static func generateInChild(size: String, seed: UInt64, into folder: URL) throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["generate", "--size", size, "--seed", String(seed), "--output", folder.path]
        child.standardOutput = FileHandle.standardError
        try child.run()
        child.waitUntilExit()
        guard child.terminationStatus == 0 else {
            throw ValidationError("generating the region failed (exit status \(child.terminationStatus))")
        }
    }
}
