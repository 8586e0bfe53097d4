import ArgumentParser
import Foundation
import NetDiagBenchmarkSupport

/// `netdiag-bench report`: several runs' JSON side by side, to show growth from small to large.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Print the growth table of several JSON reports (small → large).")

    @Argument(help: "JSON reports written by `run --output`.") var files: [String]
    @Option(help: "Write all reports as one JSON array to this file.") var output: String?

    func run() throws {
        let decoder = JSONDecoder()
        let reports = try files.map { try decoder.decode(BenchmarkReport.self, from: Data(contentsOf: URL(fileURLWithPath: $0))) }
        if let output {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(reports).write(to: URL(fileURLWithPath: output))
        }
        print(ReportTable.growth(reports))
    }
}
