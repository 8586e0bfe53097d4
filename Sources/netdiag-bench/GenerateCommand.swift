import ArgumentParser
import Foundation
import NetDiagBenchmarkSupport

/// `netdiag-bench generate`: writes a synthetic region folder.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Write a synthetic region in the API-response folder layout.")

    @Option(help: "small, medium or large.") var size = "small"
    @Option(help: "The seed; the same seed gives byte-identical files.") var seed: UInt64 = 1
    @Option(help: "The folder to write (must not exist or be empty).") var output: String

    func run() throws {
        guard let spec = RegionSpec.preset(size) else {
            throw ValidationError("unknown size '\(size)': expected small, medium or large")
        }
        let start = ContinuousClock.now
        let region = RegionGenerator.generate(spec, seed: seed)
        let summary = try RegionWriter.write(region, to: URL(fileURLWithPath: output))
        let seconds = (ContinuousClock.now - start).seconds
        print("wrote \(summary.files) files, \(summary.bytes / 1024) KiB, to \(output) in \(String(format: "%.2f", seconds)) s")
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
