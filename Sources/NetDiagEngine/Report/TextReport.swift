/// Renders a report for a terminal: each diagnostic item in path order (source, network,
/// destination, return) with its status, the deciding evidence and the suggestion, then the
/// verdict, the blockers and the one-line caveat.
public enum TextReport {
    public static func render(_ report: DiagnosisReport) -> String {
        var lines: [String] = []
        let p = report.path
        let port = p.port < 0 ? p.protocol : "\(p.protocol)/\(p.port)"
        let scope = [p.vpcId, p.regionId].filter { !$0.isEmpty }.joined(separator: ", ")
        let title = p.name.isEmpty ? "" : "\(p.name): "
        lines.append("Path  \(title)\(p.source) -> \(p.destination)  \(port)" + (scope.isEmpty ? "" : "  (\(scope))"))
        if report.items.isEmpty && report.error == nil {
            lines.append("")
            lines.append("No diagnostic item applies to this path.")
        }
        for side in Rule.Side.allCases {
            let items = report.items.filter { $0.side == side.rawValue }
            guard !items.isEmpty else { continue }
            lines.append("")
            lines.append(side.rawValue)
            for item in items { lines += render(item) }
        }
        lines.append("")
        lines.append("Result: \(report.result)")
        if let error = report.error { lines.append("Analysis error: \(error)") }
        if !report.blockers.isEmpty {
            lines.append("Blocked by:")
            for item in report.items where item.status == "fail" && item.severity == "critical" {
                lines.append("  - \(item.rule) (\(item.reason)): \(item.message)")
            }
        }
        if !report.warnings.isEmpty {
            lines.append("May not connect: " + report.warnings.joined(separator: ", "))
        }
        lines.append(report.notice)
        return lines.joined(separator: "\n")
    }

    static func render(_ item: DiagnosisReport.Item) -> [String] {
        let status = item.status.uppercased().padding(toLength: 5, withPad: " ", startingAt: 0)
        var lines = ["  \(status) \(item.rule)  \(item.title)  [\(item.severity)]",
                     "        \(item.reason): \(item.message)"]
        // One-line values share the evidence line; multi-line ones (a traceback) follow, indented.
        let keys = item.evidence.keys.sorted()
        let isMultiline = { (key: String) in item.evidence[key]!.description.contains("\n") }
        let inline = keys.filter { !isMultiline($0) }.map { "\($0)=\(item.evidence[$0]!.description)" }
        if !inline.isEmpty { lines.append("        evidence: " + inline.joined(separator: ", ")) }
        for key in keys where isMultiline(key) {
            lines.append("        \(key):")
            lines += item.evidence[key]!.description.split(separator: "\n").map { "          " + $0.trimmingCharacters(in: .whitespaces) }
        }
        if let suggestion = item.suggestion, !suggestion.isEmpty {
            lines.append("        suggestion: \(suggestion)")
        }
        for edit in item.fix ?? [] {
            lines.append("        fix: \(edit)")
        }
        return lines
    }
}
