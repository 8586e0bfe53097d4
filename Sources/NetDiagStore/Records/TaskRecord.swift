import Foundation
import GRDB
import NetDiagEngine

/// A diagnostic task: one run of the rules on a path, with everything needed to show it again
/// exactly as it was (the path as diagnosed, the hashes of the inventory and rule set, the
/// full diagnosis) and, while running, the process that owns it.
public struct TaskRecord: Hashable, Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "task"

    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case running, finished, failed
    }

    /// `task-` and 12 hex digits.
    public var id: String
    public var pathId: String
    /// Copied from the path so region limits count without a join.
    public var regionId: String
    public var status: Status
    /// `Normal`, `Unconnectable` or `Error`; nil while running.
    public var result: String?
    /// Why a failed task failed.
    public var reason: String?
    public var startedAt: Date
    public var finishedAt: Date?
    /// The process running the task; cleared when it ends.
    public var ownerPid: Int32?
    /// The owner's start time (clock ticks since boot, Linux), to tell a reused pid apart.
    public var ownerStartTime: Int64?
    public var ownerBootId: String?
    public var inventoryPath: String
    public var inventoryHash: String
    public var ruleSetHash: String
    /// The path's definition as diagnosed (JSON of `PathDefinition`).
    public var pathJSON: String
    /// The full diagnosis (JSON of `Diagnosis`) once finished.
    public var diagnosisJSON: String?

    /// The stored path definition.
    public var definition: PathDefinition? {
        try? JSONDecoder().decode(PathDefinition.self, from: Data(pathJSON.utf8))
    }

    /// The stored diagnosis, when the task finished.
    public var diagnosis: Diagnosis? {
        diagnosisJSON.flatMap { try? JSONDecoder().decode(Diagnosis.self, from: Data($0.utf8)) }
    }

    /// The report of the task: the stored diagnosis, or an `Error` report with the reason.
    public var report: DiagnosisReport? {
        if let diagnosis { return DiagnosisReport(diagnosis) }
        guard let request = definition?.request else { return nil }
        switch status {
        case .running: return nil
        case .finished, .failed: return DiagnosisReport(failed: request, reason: reason ?? "the analysis failed")
        }
    }
}

/// What a task runs with: the inventory and rule set, identified by their hashes.
public struct TaskInputs: Hashable, Sendable {
    public var inventoryPath: String
    public var inventoryHash: String
    public var ruleSetHash: String

    public init(inventoryPath: String, inventoryHash: String, ruleSetHash: String) {
        self.inventoryPath = inventoryPath; self.inventoryHash = inventoryHash; self.ruleSetHash = ruleSetHash
    }
}
