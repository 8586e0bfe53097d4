import ArgumentParser
import Foundation
import NetDiagEngine
import NetDiagInventory
import NetDiagModel

/// `netdiag rules run ID --inventory DIR --source … --destination … --protocol … [--port N]`:
/// one rule on one path, with what it logged and, when it broke, its traceback.
struct RulesRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one rule on one path and print its findings and its log.",
        discussion: """
        Log lines go to stderr as `log: <rule-id>: <message>`. Exits 0 when the rule passes, warns, \
        skips or does not apply; 1 when it fails or breaks (an error finding, with its traceback); \
        2 for bad input.
        """
    )

    @Argument(help: "The rule id, e.g. security-group.ingress.")
    var id: String

    @Option(help: ArgumentHelp("The inventory: a YAML file, or a folder of API responses or inventory.yaml.", valueName: "path"))
    var inventory: String

    @Option(help: "The source: an instance id (i-…), an ENI id (eni-…) or an IP address.")
    var source: String

    @Option(help: "The destination: an instance id, an ENI id or an IP address.")
    var destination: String

    @Option(name: .customLong("protocol"), help: "tcp, udp, icmp or gre.")
    var proto: String

    @Option(help: "The destination port (tcp and udp).")
    var port: Int?

    @Option(help: ArgumentHelp("The client's source ports (default 1024/65535).", valueName: "start/end"))
    var sourcePorts: String?

    @OptionGroup var rules: RuleOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        let request = try makeRequest()
        let engine = try rules.makeEngine()
        guard engine.rule(id) != nil else {
            throw CLIError("no rule with id '\(id)'; `netdiag rules list` shows the loaded ones")
        }
        let loaded: LoadedInventory
        do { loaded = try InventoryLoader.load(path: URL(fileURLWithPath: inventory)) } catch {
            throw CLIError("the inventory does not load:\n\(error)")
        }
        if rules.verbose { loaded.warnings.forEach { Console.error("warning: \($0)") } }
        engine.onLog { Console.error("log: \($0)") }
        let diagnosis: Diagnosis
        do {
            try engine.bind(InventoryIndex(loaded.inventory))
            diagnosis = try engine.diagnose(request, only: [id])
        } catch {
            throw CLIError("\(error)")
        }
        switch output.format {
        case .json: try Console.json(diagnosis)
        case .text: print(diagnosis)
        }
        if diagnosis.findings.contains(where: { $0.status == .fail || $0.status == .error }) { throw ExitCode(1) }
    }

    private func makeRequest() throws -> DiagnosisRequest {
        let p = proto.lowercased()
        guard ["tcp", "udp", "icmp", "gre"].contains(p) else {
            throw CLIError("invalid --protocol '\(proto)': use tcp, udp, icmp or gre")
        }
        var destinationPort = -1
        if p == "tcp" || p == "udp" {
            guard let port else { throw CLIError("--port is required for \(p)") }
            guard (1...65535).contains(port) else { throw CLIError("invalid --port \(port): use 1-65535") }
            destinationPort = port
        }
        var range = PortRange(start: 1024, end: 65535)!
        if let sourcePorts {
            guard let parsed = PortRange(sourcePorts) else {
                throw CLIError("invalid --source-ports '\(sourcePorts)': use start/end, e.g. 1024/65535")
            }
            range = parsed
        }
        return DiagnosisRequest(source: source, destination: destination, protocol: p, port: destinationPort,
                                sourcePorts: range)
    }

    private func print(_ diagnosis: Diagnosis) {
        let r = diagnosis.request
        let path = "\(r.source) -> \(r.destination) \(r.protocol)" + (r.port >= 0 ? " \(r.port)" : "")
        guard !diagnosis.findings.isEmpty else {
            Console.out("\(id) does not apply to \(path) (its side, object types or applies() ruled it out)")
            return
        }
        Console.out("\(id) on \(path):")
        for finding in diagnosis.findings {
            Console.out("  \(finding.status.rawValue.uppercased())  \(finding.reason): \(finding.message)")
            for key in finding.evidence.keys.sorted() where key != "traceback" {
                Console.out("    \(key): \(finding.evidence[key]!)")
            }
            if let suggestion = finding.suggestion { Console.out("    suggestion: \(suggestion)") }
            if let traceback = finding.evidence["traceback"]?.stringValue {
                Console.out("    traceback:")
                for line in traceback.split(separator: "\n") { Console.out("      \(line)") }
            }
        }
        if !diagnosis.logs.isEmpty { Console.out("  (\(diagnosis.logs.count) log line(s) on stderr)") }
    }
}
