import ArgumentParser
import Foundation
import NetDiagBenchmarkSupport
import NetDiagEngine

/// `netdiag-bench analysis`: issue 15's figures (exposure scan, reverse query, what-if) on one core.
struct AnalysisCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analysis", abstract: "Time the exposure scan, a reverse query and a what-if blast radius on one core.")

    @Option(help: "small, medium or large.") var size = "large"
    @Option(help: "Seed of the region.") var seed: UInt64 = 1
    @Option(name: .customLong("rules"), help: "Rules folder (repeatable; default: the repository's rules/).")
    var ruleFolders: [String] = []
    @Option(help: "Measure this region folder instead of generating one.") var inventory: String?
    @Option(help: "Also write the JSON report to this file.") var output: String?
    @Option(name: .customLong("reach-to"), help: ArgumentHelp(
        "Time only the reverse query to this target (ID:PROTO/PORT), without the exposure scan and what-if.", valueName: "target"))
    var reachTo: String?
    @Option(name: .customLong("reach-from"), help: ArgumentHelp("With --reach-to: also time reach --from this instance or ENI.", valueName: "id"))
    var reachFrom: String?
    @Option(help: "With --reach-to: how many times to run the reverse query.") var runs = 1
    @Flag(help: "Time the exposure scan only (no reverse query, no what-if).") var exposureOnly = false
    @Option(help: "Also write the exposure scan's report (the JSON of `netdiag exposure --format json`, keys sorted) to this file.")
    var exposureOutput: String?

    func validate() throws {
        if reachTo == nil, reachFrom != nil { throw ValidationError("--reach-from needs --reach-to") }
        if reachTo != nil, exposureOnly || exposureOutput != nil {
            throw ValidationError("--reach-to times the reverse query alone; --exposure-only and --exposure-output are for the exposure scan")
        }
    }

    func run() throws {
        var region = inventory.map { URL(fileURLWithPath: $0) }
        var generated: URL?
        if region == nil {
            guard RegionSpec.preset(size) != nil else { throw ValidationError("unknown size '\(size)': expected small, medium or large") }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-bench-analysis-\(size)-\(seed)-\(getpid())")
            try? FileManager.default.removeItem(at: folder)
            try RunCommand.generateInChild(size: size, seed: seed, into: folder)
            region = folder
            generated = folder
        }
        defer { if let generated { try? FileManager.default.removeItem(at: generated) } }
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        let progress = { (line: String) in FileHandle.standardError.write(Data("netdiag-bench: \(line)\n".utf8)) }
        let folders = RuleDirectory.resolve(explicit: ruleFolders)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json: Data
        if let reachTo {
            json = try encoder.encode(ReachBenchmark.run(inventory: region!, ruleFolders: folders, to: reachTo, from: reachFrom,
                                                         runs: runs, progress: progress))
        } else {
            json = try encoder.encode(AnalysisBenchmark.run(inventory: region!, ruleFolders: folders,
                                                            sizeName: inventory == nil ? size : "custom", build: build,
                                                            exposureOnly: exposureOnly,
                                                            exposureOutput: exposureOutput.map { URL(fileURLWithPath: $0) },
                                                            progress: progress))
        }
        if let output { try json.write(to: URL(fileURLWithPath: output)) }
        print(String(decoding: json, as: UTF8.self))
    }
}
