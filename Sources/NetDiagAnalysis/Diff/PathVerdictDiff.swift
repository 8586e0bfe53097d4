import NetDiagEngine
import NetDiagModel

/// Stored paths whose verdict differs between two inventories, each with the configuration
/// differences of its two objects.
public struct PathChange: Encodable, Sendable {
    public var path: String
    public var name: String
    public var source: String
    public var destination: String
    public var `protocol`: String
    public var port: Int
    /// `Normal`, `Unconnectable` or `Error`.
    public var before: String
    public var after: String
    /// The critical failures (or the reason for an error) on the new inventory.
    public var blockersAfter: [String]
    public var causes: [String]
}

public enum PathVerdictDiff {
    /// Diagnoses each `(id, request)` with `old` and with `new` (engines bound to the two
    /// inventories) and keeps those whose verdict changed.
    public static func run(_ paths: [(id: String, request: DiagnosisRequest)], old: RuleEngine, new: RuleEngine,
                           oldIndex: InventoryIndex, newIndex: InventoryIndex) -> [PathChange] {
        let config = ConfigDiff(old: oldIndex, new: newIndex)
        return paths.map { compare($0.id, $0.request, old: old, new: new, config: config) }.filter { $0.before != $0.after }
    }

    /// One path on both inventories, whether or not its verdict changed.
    public static func compare(_ id: String, _ request: DiagnosisRequest, old: RuleEngine, new: RuleEngine,
                               oldIndex: InventoryIndex, newIndex: InventoryIndex) -> PathChange {
        compare(id, request, old: old, new: new, config: ConfigDiff(old: oldIndex, new: newIndex))
    }

    static func compare(_ id: String, _ request: DiagnosisRequest, old: RuleEngine, new: RuleEngine, config: ConfigDiff) -> PathChange {
        func verdict(_ engine: RuleEngine) -> (String, [String]) {
            do {
                let d = try engine.diagnose(request)
                let why = d.result == .error ? d.findings.filter { $0.status == .error }.map { "\($0.rule): \($0.message)" }
                    : d.blockers.map { "\($0.rule): \($0.reason)" }
                return (d.result.rawValue, why)
            } catch {
                return (Diagnosis.Result.error.rawValue, [error.description])
            }
        }
        let (before, _) = verdict(old)
        let (after, blockers) = verdict(new)
        var causes: [String] = []
        for object in [request.source, request.destination] where object.hasPrefix("i-") || object.hasPrefix("eni-") {
            for c in config.causes(of: object) where !causes.contains(c) { causes.append(c) }
        }
        return PathChange(path: id, name: request.name, source: request.source, destination: request.destination,
                          protocol: request.protocol, port: request.port, before: before, after: after,
                          blockersAfter: blockers, causes: causes.isEmpty ? [SnapshotDiff.unexplained] : causes)
    }
}
