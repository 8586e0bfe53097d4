import NetDiagAnalysis

/// The text rendering of a blast radius (what-if) or a snapshot diff.
enum ChangePrinter {
    /// `heading` titles the list of changes; `scope` says which destinations were compared.
    static func text(_ changes: [String], heading: String, scope: String, changed: [ChangedRow], evaluations: Int,
                     advisory: String, limit: Int = 40) {
        Console.out("\(heading) (\(changes.count)):")
        for c in changes.prefix(limit) { Console.out("  \(c)") }
        if changes.count > limit { Console.out("  … \(changes.count - limit) more") }
        let opened = changed.filter { $0.before == .blocked }.count, closed = changed.filter { $0.after == .blocked }.count
        Console.out("\(scope); \(Console.count(opened, "port range")) newly reached from the internet, \(closed) no longer, \(changed.count - opened - closed) changed status (\(evaluations) rule evaluations)")
        Console.out(advisory)
        guard !changed.isEmpty else { Console.out("Nothing the internet reaches changed."); return }
        Console.out()
        Console.table(["DESTINATION", "PROTO", "PORTS", "BEFORE", "AFTER", "SOURCES", "CAUSE"], changed.prefix(limit).map { r in
            [r.destination, r.protocol, r.ports, r.before.rawValue, r.after.rawValue,
             r.sources.count == 1 ? r.sources[0] : "\(r.sources.first ?? "") +\(r.sources.count - 1) blocks", (r.causes.first ?? "") + (r.causes.count > 1 ? " (+\(r.causes.count - 1))" : "")]
        })
        if changed.count > limit { Console.out("… \(changed.count - limit) more (--format json for all)") }
    }
}
