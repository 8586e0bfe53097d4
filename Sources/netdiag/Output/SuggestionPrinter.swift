import NetDiagAnalysis
import NetDiagEngine

/// The text of `diagnose --apply-suggestions`: the verdict before and after, the edits, the
/// blockers left with why they have no fix, and the blast radius.
enum SuggestionPrinter {
    static func text(_ r: SuggestionReport) {
        let p = r.path
        let what = p.port < 0 ? p.protocol : "\(p.protocol)/\(p.port)"
        Console.out("Path \(p.source) → \(p.destination) \(what): \(r.before) before, \(r.after) after the suggested edits")
        Console.out()
        if r.applied.isEmpty {
            Console.out("No edit applied: no blocker gives a fix.")
        } else {
            Console.out("Edits applied in memory (\(r.applied.count), \(r.rounds) round\(r.rounds == 1 ? "" : "s")):")
            for (k, e) in r.applied.enumerated() {
                Console.out("  \(k + 1). \(e.change)")
                Console.out("     fixes \(e.rule) (\(e.reason)), round \(e.round)")
            }
        }
        if !r.blockersLeft.isEmpty {
            Console.out()
            Console.out("Blockers left (\(r.blockersLeft.count)):")
            for b in r.blockersLeft {
                Console.out("  - \(b.rule) (\(b.reason)): \(b.message)")
                Console.out("    no fix applied: \(b.whyNoFix)")
                if let s = b.suggestion { Console.out("    suggestion: \(s)") }
            }
        }
        Console.out()
        if let blast = r.blastRadius {
            ChangePrinter.text(blast.changes, heading: "Blast radius of the edits", scope: "\(Console.count(blast.touched.count, "destination")) touched",
                               changed: blast.changed, evaluations: blast.evaluations, advisory: r.advisory)
            if let inside = blast.inside {
                Console.out()
                InsidePrinter.text(inside)
            }
        } else {
            Console.out(r.advisory)
        }
    }
}
