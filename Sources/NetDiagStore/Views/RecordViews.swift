import Foundation
import NetDiagEngine

/// The JSON shapes of paths and tasks (docs/paths-and-tasks.md), shared by the CLI's
/// `--format json` and the server's API so both print the same objects.
public enum RecordViews {
    public static func date(_ date: Date?) -> String? {
        date.map { ISO8601DateFormatter().string(from: $0) }
    }

    /// A path, with its latest task's outcome when known.
    public struct PathView: Encodable, Sendable {
        public var id, name, regionId, resourceGroupId, vpcId: String
        public var sourceType, source, destinationType, destination, `protocol`: String
        public var port: Int
        public var createdAt: String?
        public var latestTask: TaskSummary?

        public init(_ p: PathRecord, latest: TaskRecord?) {
            id = p.id; name = p.name; regionId = p.regionId; resourceGroupId = p.resourceGroupId; vpcId = p.vpcId
            sourceType = p.sourceType; source = p.source; destinationType = p.destinationType
            destination = p.destination; self.protocol = p.protocol; port = p.port
            createdAt = RecordViews.date(p.createdAt); latestTask = latest.map(TaskSummary.init)
        }
    }

    /// A task without its items.
    public struct TaskSummary: Encodable, Sendable {
        public var id, pathId, status: String
        public var result, reason: String?
        public var startedAt: String?
        public var finishedAt: String?
        public var ownerPid: Int32?
        public var inventoryPath, inventoryHash, ruleSetHash: String

        public init(_ t: TaskRecord) {
            id = t.id; pathId = t.pathId; status = t.status.rawValue; result = t.result; reason = t.reason
            startedAt = RecordViews.date(t.startedAt); finishedAt = RecordViews.date(t.finishedAt)
            ownerPid = t.ownerPid; inventoryPath = t.inventoryPath; inventoryHash = t.inventoryHash
            ruleSetHash = t.ruleSetHash
        }
    }

    /// A task in full: its report's keys (result, path, items, …) plus `task` and `notes`.
    public static func taskJSON(_ task: TaskRecord, notes: [String] = []) throws -> [String: DataValue] {
        var object = try task.report.map(JSONReport.value) ?? [:]
        object["task"] = try value(TaskSummary(task))
        if !notes.isEmpty { object["notes"] = .array(notes.map(DataValue.string)) }
        return object
    }

    /// Any Encodable as a JSON value, to compose outputs from views.
    public static func value<T: Encodable>(_ item: T) throws -> DataValue {
        try JSONDecoder().decode(DataValue.self, from: JSONReport.encoder(pretty: false).encode(item))
    }
}
