import ArgumentParser
import NetDiagAnalysis
import NetDiagEngine
import NetDiagModel

/// `netdiag reach --to ID:PROTO/PORT`: every source that reaches one destination port.
struct ReachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Who can reach one destination port: internet blocks and classes of the region's instances and ENIs.",
        discussion: """
            Internet sources are listed as blocks (as `exposure` does, for the one port); sources in \
            the destination's VPC as classes of instances and ENIs with one outcome, each shown \
            with its first member's groups, vSwitch and the entries that let it in. Blocked sources are counted, not \
            listed. Exit 0 when the query ran, 2 on bad input. See docs/analysis.md.
            """
    )

    @Option(help: ArgumentHelp("A folder of API responses, a YAML inventory, or a folder holding inventory.yaml.", valueName: "dir"))
    var inventory: String

    @Option(help: ArgumentHelp("The destination and port: i-web1:tcp/443, eni-1:udp/53, i-web1:icmp.", valueName: "id:proto/port"))
    var to: String?

    @Option(help: ArgumentHelp("Instead of --to: what this instance or ENI reaches in its VPC (every destination, tcp, udp and icmp).", valueName: "id"))
    var from: String?

    @Option(help: "Rows the text output of --from shows (json shows every row).")
    var limit = 40

    @Option(help: "Members of a source class the text output names (json names all).")
    var members = 5

    @OptionGroup var rules: RuleOptions
    @OptionGroup var output: FormatOption

    func validate() throws {
        guard (to == nil) != (from == nil) else { throw ValidationError("give exactly one of --to ID:PROTO/PORT and --from ID") }
    }

    func run() throws {
        let loaded = try InventoryFile.load(inventory)
        let index = InventoryIndex(loaded.inventory)
        let engine = try rules.makeEngine()
        try cliErrors { try engine.bind(index) }
        let analyzer = ReachAnalyzer(engine: engine, index: index)
        if let from {
            let sender = try analysisErrors { try analyzer.sender(from) }
            let report = try analysisErrors { try analyzer.reach(from: sender) }
            switch output.format {
            case .json: try Console.json(report)
            case .text: ExposurePrinter.text(report, scope: SourceScope(object: sender), limit: limit)
            }
            return
        }
        let (destination, proto, port) = try analysisErrors { try analyzer.target(to!) }
        let report = try analysisErrors { try analyzer.reach(to: destination, protocol: proto, port: port) }
        switch output.format {
        case .json: try Console.json(report)
        case .text: text(report)
        }
    }

    private func text(_ r: ReachReport) {
        let s = r.summary
        let what = r.port > 0 ? "\(r.protocol)/\(r.port)" : r.protocol
        let counts = s.sourcesByStatus.keys.sorted().map { "\(s.sourcesByStatus[$0]!) \($0)" }.joined(separator: ", ")
        Console.out("Who reaches \(r.destination) \(what): \(s.regionSources) region sources, \(s.sourceClasses) classes listed (\(counts)); \(s.evaluations) rule evaluations")
        Console.out(r.advisory)
        Console.out()
        Console.out(r.internet.isEmpty ? "Internet: nothing reaches it." : "Internet:")
        if !r.internet.isEmpty {
            Console.table(["STATUS", "SOURCES", "LISTENING", "LET IN BY"], r.internet.map {
                [$0.status.rawValue, $0.sources.flatMap(\.cidrs).prefix(4).joined(separator: " ") + ($0.sources.flatMap(\.cidrs).count > 4 ? " …" : ""),
                 $0.listening.rawValue, ExposurePrinter.via($0)]
            })
        }
        Console.out()
        Console.out(r.region.isEmpty ? "Region: no instance or ENI of the VPC reaches it." : "Region:")
        if !r.region.isEmpty {
            Console.table(["STATUS", "SOURCES", "FIRST'S GROUPS", "FIRST'S VSWITCH", "LISTENING"], r.region.map { c in
                let names = c.sources.prefix(members).joined(separator: " ") + (c.sources.count > members ? " +\(c.sources.count - members)" : "")
                return [c.status.rawValue, names, c.securityGroups.joined(separator: ","), c.vswitch, c.listening.rawValue]
            })
        }
    }
}
