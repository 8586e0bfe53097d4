import NetDiagAnalysis
import NetDiagEngine

/// The text and CSV renderings of an exposure scan.
enum ExposurePrinter {
    /// A summary, then the first `limit` rows: one line each, fitting a terminal.
    static func text(_ report: ExposureReport, scope: SourceScope, limit: Int) {
        let s = report.summary
        Console.out("Exposure from \(report.from) (\(report.protocols.joined(separator: ", "))): \(s.destinations) destinations in \(s.endpointClasses) classes, \(s.evaluations) rule evaluations")
        let counts = ExposureStatus.allCases.filter { $0 != .blocked }.map { "\(s.rowsByStatus[$0.rawValue] ?? 0) \($0.rawValue)" }
        Console.out("Rows: " + counts.joined(separator: ", "))
        if s.classSplits > 0 { Console.out("Note: \(s.classSplits) destinations disagreed with their class and were scanned alone") }
        Console.out(report.advisory)
        guard !report.rows.isEmpty else { Console.out("Nothing is exposed."); return }
        Console.out()
        let shown = report.rows.prefix(limit).map { row in
            [row.destination, row.protocol, ports(row), row.status.rawValue, sources(row, scope), row.listening.rawValue,
             via(row)]
        }
        Console.table(["DESTINATION", "PROTO", "PORTS", "STATUS", "SOURCES", "LISTENING", "LET IN BY"], Array(shown))
        if report.rows.count > limit {
            Console.out("… \(report.rows.count - limit) more rows (--limit N, or --format json|csv for all)")
        }
    }

    /// One line per row; lists are space-separated inside their field.
    static func csv(_ report: ExposureReport) {
        Console.out("destination,kind,address,protocol,ports,status,listening,sources,let_in_by,blockers")
        for row in report.rows {
            let fields = [row.destination, row.kind, row.address, row.protocol, ports(row), row.status.rawValue,
                          row.listening.rawValue, row.sources.flatMap(\.cidrs).joined(separator: " "), via(row),
                          row.blockers.joined(separator: " | ")]
            Console.out(fields.map(quoted).joined(separator: ","))
        }
    }

    private static func ports(_ row: ExposureRow) -> String {
        guard let p = row.ports else { return "-1/-1" }
        return "\(p.lo)/\(p.hi)"
    }

    private static func sources(_ row: ExposureRow, _ scope: SourceScope) -> String {
        if row.sources == scope.universe { return scope.name == "internet" ? "internet" : scope.name }
        let blocks = row.sources.flatMap(\.cidrs)
        return blocks.count == 1 ? blocks[0] : "\(blocks[0]) +\(blocks.count - 1) blocks"
    }

    /// The deciding entry of each item that let the traffic through: `sg-web/sgr-1 nacl-web/in-1 …`.
    static func via(_ row: ExposureRow) -> String {
        var seen: Set<String> = []
        return row.hops.compactMap { hop -> String? in
            let e = hop.evidence
            if let rule = e["rule"]?.stringValue, let group = e["securityGroup"]?.stringValue { return "\(group)/\(rule)" }
            if let entry = e["entry"]?.stringValue, let acl = e["networkAcl"]?.stringValue { return "\(acl)/\(entry)" }
            if let entry = e["dnatEntry"]?.stringValue { return "dnat:\(entry)" }
            if let route = e["route"]?.stringValue { return "route:\(route)" }
            if hop.rule == "public-access.inbound", let ip = e["publicIp"]?.stringValue { return "public:\(ip)" }
            return nil
        }.filter { seen.insert($0).inserted }.joined(separator: " ")
    }

    private static func quoted(_ field: String) -> String {
        field.contains(",") || field.contains("\"") ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }
}
