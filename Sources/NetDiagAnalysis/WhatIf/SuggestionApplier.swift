import NetDiagEngine
import NetDiagModel

/// `netdiag diagnose --apply-suggestions`: what the path's verdict becomes when the fixes of its
/// blockers are applied (in memory), round after round, and what else that changes for the internet.
public struct SuggestionReport: Encodable, Sendable {
    /// One edit applied, with the finding whose fix it came from.
    public struct AppliedEdit: Encodable, Sendable {
        public var round: Int
        public var rule: String
        public var reason: String
        /// The edit as `Change.description` words it.
        public var change: String
        /// The edit in change-file form, as the rule gave it.
        public var edit: DataValue
    }

    /// A blocker of the last diagnosis, and why no fix of it was applied.
    public struct Blocker: Encodable, Sendable {
        public var rule: String
        public var reason: String
        public var message: String
        public var suggestion: String?
        public var whyNoFix: String
    }

    public var path: DiagnosisReport.PathInfo
    /// The verdict before and after the edits: `Normal`, `Unconnectable` or `Error`.
    public var before: String
    public var after: String
    /// Diagnoses run after the first (each one after a round of edits).
    public var rounds: Int
    public var applied: [AppliedEdit]
    public var blockersLeft: [Blocker]
    /// What the internet reaches differently because of the edits; nil when none was applied.
    public var blastRadius: WhatIfReport?
    /// The full diagnosis after the edits.
    public var report: DiagnosisReport
    public var advisory = "Nothing was written: the edits were applied in memory. An insight into configuration, not a proof that packets pass."

    /// The applied edits in change-file form, in order: `what-if --change` of them reproduces this.
    public var edits: [DataValue] { applied.map(\.edit) }
}

public enum SuggestionApplier {
    /// Rounds of edits at most: each round's fixes can uncover the next blocker (the return path
    /// after the forward path), and a fix that does not help must not loop.
    public static let maxRounds = 5

    /// Diagnoses `request` on `index` with `engine`, applies the fixes of the critical failures,
    /// and diagnoses again until no new fix appears or `maxRounds` is reached. The blast radius
    /// is scanned with engines from `makeEngine` (`engine` is rebound as the edits go); `inside`
    /// adds the pairs of the region's own objects to it, as `what-if --inside` does.
    public static func run(_ request: DiagnosisRequest, on index: InventoryIndex, engine: RuleEngine, inside: Bool = false,
                           makeEngine: () throws -> RuleEngine) throws -> SuggestionReport {
        try engine.bind(index)
        let first = try engine.diagnose(request)
        var current = first
        var working = index.inventory
        var applied: [SuggestionReport.AppliedEdit] = []
        var changes: [Change] = []
        // The round each fix was applied in; fixes that did not apply (their reason is in `why`).
        var tried: [[DataValue]: Int] = [:]
        var refused: Set<[DataValue]> = []
        var why: [String: String] = [:]
        var rounds = 0
        while rounds < maxRounds {
            var progressed = false
            let roundNumber = rounds + 1
            for blocker in current.blockers {
                guard let fix = blocker.fix, !refused.contains(fix) else { continue }
                if let round = tried[fix] {
                    // The same edit as another blocker's in this round is not news.
                    if round < roundNumber { why[blocker.rule] = "its fix was applied in round \(round) and the item still blocks" }
                    continue
                }
                do {
                    // A fix applies whole or not at all: its edits are read one by one against what
                    // the earlier ones left, as a change file is.
                    var trial = working
                    var made: [(Change, DataValue)] = []
                    for (k, edit) in fix.enumerated() {
                        let at = "\(blocker.rule) fix edit \(k + 1)"
                        let change = try ChangeFile.change(edit, at: at, inventory: trial)
                        trial = try ChangeApplier.apply([change], to: trial, first: changes.count + made.count + 1)
                        made.append((change, edit))
                    }
                    guard trial != working else {
                        refused.insert(fix)
                        why[blocker.rule] = "its fix changes nothing in the inventory"
                        continue
                    }
                    working = trial
                    tried[fix] = roundNumber
                    progressed = true
                    why[blocker.rule] = nil
                    for (change, edit) in made {
                        changes.append(change)
                        applied.append(.init(round: roundNumber, rule: blocker.rule, reason: blocker.reason,
                                             change: change.description, edit: edit))
                    }
                } catch {
                    refused.insert(fix)
                    why[blocker.rule] = "its fix cannot be applied: \(error)"
                }
            }
            guard progressed else { break }
            rounds += 1
            try engine.bind(InventoryIndex(working))
            current = try engine.diagnose(request)
        }
        let left = current.blockers.map { b in
            SuggestionReport.Blocker(rule: b.rule, reason: b.reason, message: b.message, suggestion: b.suggestion,
                                     whyNoFix: why[b.rule] ?? (b.fix == nil
                                        ? "the rule gives no fix it can make safely; the suggestion says what to change by hand"
                                        : "not applied: the limit of \(maxRounds) rounds was reached"))
        }
        let blast = changes.isEmpty ? nil : try WhatIfAnalyzer.run(changes, on: index, inside: inside, makeEngine: makeEngine)
        return SuggestionReport(path: .init(request), before: first.result.rawValue, after: current.result.rawValue,
                                rounds: rounds, applied: applied, blockersLeft: left, blastRadius: blast,
                                report: DiagnosisReport(current))
    }
}
