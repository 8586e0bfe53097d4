import Foundation
import NetDiagEngine
import NetDiagStore

/// The JSON shapes of paths and tasks (docs/paths-and-tasks.md), and their text forms.
enum StoreViews {
    static func date(_ date: Date?) -> String? { RecordViews.date(date) }

    typealias PathView = RecordViews.PathView
    typealias TaskSummary = RecordViews.TaskSummary

    static func taskJSON(_ task: TaskRecord, notes: [String] = []) throws -> [String: DataValue] {
        try RecordViews.taskJSON(task, notes: notes)
    }

    /// `NORMAL`, `UNCONNECTABLE`, `ERROR`, or the status while running.
    static func outcome(_ task: TaskRecord?) -> String {
        guard let task else { return "-" }
        return task.result ?? task.status.rawValue
    }

    static func pathLine(_ p: PathRecord) -> String {
        let d = p.definition
        return "\(p.id) (\(p.name)): \(d.source) -> \(d.destination) \(d.protocolAndPort) in \(p.vpcId), \(p.regionId.isEmpty ? "no region" : p.regionId)"
    }

    /// The text of a task: its header, then its report (or why there is none).
    static func taskText(_ t: TaskRecord) -> String {
        var lines = ["Task  \(t.id)  path \(t.pathId)  \(t.status.rawValue)",
                     "      started \(date(t.startedAt) ?? "-")" + (t.finishedAt.map { ", finished \(date($0)!)" } ?? ""),
                     "      inventory \(t.inventoryPath) (hash \(t.inventoryHash)), rule set hash \(t.ruleSetHash)"]
        if t.status == .running {
            lines.append("      running in pid \(t.ownerPid.map(String.init) ?? "?"); no result yet")
            return lines.joined(separator: "\n")
        }
        if let report = t.report { lines.append(""); lines.append(TextReport.render(report)) }
        return lines.joined(separator: "\n")
    }

    static func taskRows(_ tasks: [TaskRecord]) -> [[String]] {
        tasks.map { [$0.id, $0.pathId, $0.status.rawValue, $0.result ?? "-", date($0.startedAt) ?? "-", $0.reason ?? ""] }
    }
}
