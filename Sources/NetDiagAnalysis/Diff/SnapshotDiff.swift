import NetDiagEngine
import NetDiagModel

/// `netdiag diff OLD NEW`: what the internet reaches differently between two inventories, and the
/// configuration differences of each changed destination. Both are scanned in full (any change,
/// of any kind, shows); the causes name what differs in what the rules read about the destination.
public struct SnapshotDiffReport: Encodable, Sendable {
    public var old: String
    public var new: String
    public var changed: [ChangedRow]
    /// Every configuration difference found for a changed destination, once.
    public var causes: [String]
    public var evaluations: Int
    public var advisory = "An insight into configuration, not a proof that packets pass."
}

public enum SnapshotDiff {
    public static let unexplained = "no configuration difference of this destination found (a change elsewhere the rules read)"

    public static func run(old: InventoryIndex, new: InventoryIndex, names: (String, String), from scope: String = "internet",
                           makeEngine: () throws -> RuleEngine) throws -> SnapshotDiffReport {
        var scans: [[ExposureRow]] = []
        var evaluations = 0
        for index in [old, new] {
            let engine = try makeEngine()
            try engine.bind(index)
            let report = try ExposureScanner(engine: engine, index: index).scan(from: try SourceScope(scope, index: index))
            evaluations += report.summary.evaluations
            scans.append(report.rows)
        }
        let config = ConfigDiff(old: old, new: new)
        var memo: [String: [String]] = [:]
        let changed = RowDiff.diff(before: scans[0], after: scans[1]) { id in
            if let c = memo[id] { return c }
            let c = config.causes(of: id)
            memo[id] = c.isEmpty ? [unexplained] : c
            return memo[id]!
        }
        var seen: Set<String> = [], causes: [String] = []
        for c in changed.flatMap(\.causes) where seen.insert(c).inserted { causes.append(c) }
        return SnapshotDiffReport(old: names.0, new: names.1, changed: changed, causes: causes, evaluations: evaluations)
    }
}
