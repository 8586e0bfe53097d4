import Foundation
import NetDiagEngine
import NetDiagStore

/// The JSON shapes of paths and tasks (docs/paths-and-tasks.md), and their text forms.
enum StoreViews {
    static func date(_ date: Date?) -> String? {
        date.map { ISO8601DateFormatter().string(from: $0) }
    }

    /// A path, with its latest task's outcome when known.
    struct PathView: Encodable {
        var id, name, regionId, resourceGroupId, vpcId: String
        var sourceType, source, destinationType, destination, `protocol`: String
        var port: Int
        var createdAt: String?
        var latestTask: TaskSummary?

        init(_ p: PathRecord, latest: TaskRecord?) {
            id = p.id; name = p.name; regionId = p.regionId; resourceGroupId = p.resourceGroupId; vpcId = p.vpcId
            sourceType = p.sourceType; source = p.source; destinationType = p.destinationType
            destination = p.destination; self.protocol = p.protocol; port = p.port
            createdAt = StoreViews.date(p.createdAt); latestTask = latest.map(TaskSummary.init)
        }
    }

    /// A task without its items.
    struct TaskSummary: Encodable {
        var id, pathId, status: String
        var result, reason: String?
        var startedAt: String?
        var finishedAt: String?
        var ownerPid: Int32?
        var inventoryPath, inventoryHash, ruleSetHash: String

        init(_ t: TaskRecord) {
            id = t.id; pathId = t.pathId; status = t.status.rawValue; result = t.result; reason = t.reason
            startedAt = StoreViews.date(t.startedAt); finishedAt = StoreViews.date(t.finishedAt)
            ownerPid = t.ownerPid; inventoryPath = t.inventoryPath; inventoryHash = t.inventoryHash
            ruleSetHash = t.ruleSetHash
        }
    }

    /// A task in full: its report's keys (result, path, items, …) plus `task` and `notes`.
    static func taskJSON(_ task: TaskRecord, notes: [String] = []) throws -> [String: DataValue] {
        var object = try task.report.map(JSONReport.value) ?? [:]
        let summary = try JSONEncoder().encode(TaskSummary(task))
        object["task"] = try JSONDecoder().decode(DataValue.self, from: summary)
        if !notes.isEmpty { object["notes"] = .array(notes.map(DataValue.string)) }
        return object
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
