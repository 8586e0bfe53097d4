import ArgumentParser
import NetDiagAnalysis
import NetDiagEngine
import NetDiagModel

/// `netdiag exposure`: what the internet (or a block of it) reaches in the whole region.
struct ExposureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exposure",
        abstract: "List every instance and ENI port the internet reaches, with the entries that let it in.",
        discussion: """
            Rows are (destination, protocol, port range, status): reachable, unverified (a critical \
            item was skipped, e.g. no guest state), guest-blocked (the cloud lets it in; the guest \
            firewall or a missing listener stops it) and undecidable (a rule broke). Blocked traffic \
            is not listed. Exit 0 when the scan ran, 2 on bad input. See docs/analysis.md.
            """
    )

    @Option(help: ArgumentHelp("A folder of API responses, a YAML inventory, or a folder holding inventory.yaml.", valueName: "dir"))
    var inventory: String

    @Option(help: ArgumentHelp("`internet`, or a public IPv4 block such as 203.0.113.0/24.", valueName: "source"))
    var from = "internet"

    @Option(name: .customLong("protocol"), help: ArgumentHelp("tcp, udp, icmp or gre (repeatable; default tcp, udp, icmp).", valueName: "protocol"))
    var protocols: [String] = []

    @Option(help: "Output format: text, json or csv.")
    var format: ExposureFormat = .text

    @Option(help: "Rows the text output shows (json and csv show every row).")
    var limit = 40

    @OptionGroup var rules: RuleOptions

    enum ExposureFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

    func validate() throws {
        for p in protocols where !["tcp", "udp", "icmp", "gre"].contains(p) {
            throw ValidationError("--protocol '\(p)': expected tcp, udp, icmp or gre")
        }
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more, got \(limit)") }
    }

    func run() throws {
        let loaded = try InventoryFile.load(inventory)
        let index = InventoryIndex(loaded.inventory)
        let scope = try analysisErrors { try SourceScope(from, index: index) }
        let engine = try rules.makeEngine()
        try cliErrors { try engine.bind(index) }
        let scanner = ExposureScanner(engine: engine, index: index)
        let report = try analysisErrors { try scanner.scan(from: scope, protocols: protocols.isEmpty ? ["tcp", "udp", "icmp"] : protocols) }
        switch format {
        case .json: try Console.json(report)
        case .csv: ExposurePrinter.csv(report)
        case .text: ExposurePrinter.text(report, scope: scope, limit: limit)
        }
    }
}

/// Runs `body`, turning an analysis's bad-input error into `error: …` and exit 2.
func analysisErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as AnalysisError { throw CLIError(error.description) }
}
