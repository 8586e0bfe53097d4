import NetDiagAnalysis

/// The text rendering of the inside part of a what-if blast radius.
enum InsidePrinter {
    static func text(_ report: InsideReport, limit: Int = 40) {
        let changed = report.changed
        let opened = changed.filter { $0.before == .blocked }.count, closed = changed.filter { $0.after == .blocked }.count
        Console.out("Inside the region: \(Console.count(report.touchedPairs, "source/destination pair")) touched (\(Console.count(report.touchedDestinations, "destination"))); \(Console.count(opened, "port range")) newly reached, \(closed) no longer, \(changed.count - opened - closed) changed status (\(report.evaluations) rule evaluations)")
        guard !changed.isEmpty else { Console.out("Nothing reached inside the region changed."); return }
        Console.out()
        Console.table(["DESTINATION", "PROTO", "PORTS", "BEFORE", "AFTER", "SOURCES", "CAUSE"], changed.prefix(limit).map { r in
            [r.destination, r.protocol, r.ports, r.before.rawValue, r.after.rawValue, sources(r.sources),
             (r.causes.first ?? "") + (r.causes.count > 1 ? " (+\(r.causes.count - 1))" : "")]
        })
        if changed.count > limit { Console.out("… \(changed.count - limit) more (--format json for all)") }
    }

    /// `i-web1, i-web2 (sg-web vsw-web); i-bastion (sg-bastion vsw-web)`, shortened past a few sets.
    static func sources(_ sets: [InsideChangedRow.SourceSet]) -> String {
        let shown = sets.prefix(2).map { s in
            let ids = s.ids.prefix(3).joined(separator: ", ") + (s.ids.count > 3 ? " +\(s.ids.count - 3)" : "")
            return "\(ids) (\((s.securityGroups + [s.vswitch]).joined(separator: " ")))"
        }
        let rest = sets.dropFirst(2).reduce(0) { $0 + $1.ids.count }
        return shown.joined(separator: "; ") + (rest > 0 ? "; +\(rest) in \(sets.count - 2) more sets" : "")
    }
}
