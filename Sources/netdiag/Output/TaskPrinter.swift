import Foundation
import NetDiagEngine
import NetDiagStore

/// Prints what a command that ran a task has to say: the path, notes, the task and its report.
enum TaskPrinter {
    /// Any Encodable as a JSON value, to compose outputs from views.
    static func value<T: Encodable>(_ item: T) throws -> DataValue {
        try JSONDecoder().decode(DataValue.self, from: JSONReport.encoder(pretty: false).encode(item))
    }

    static func notes(pruned: [String]) -> [String] {
        pruned.isEmpty ? [] : ["pruned \(pruned.count) old task record(s) of this path to stay within the per-path cap: \(pruned.joined(separator: ", "))"]
    }

    /// Text: a heading line per created path, the notes, then the task. JSON: one object with
    /// `path` and `task` (the task's full JSON, whose report keys sit at its top level).
    static func print(created path: PathRecord?, task: TaskRecord?, notes: [String], format: OutputFormat) throws {
        switch format {
        case .json:
            var object: [String: DataValue] = [:]
            if let path { object["path"] = try value(StoreViews.PathView(path, latest: task)) }
            if let task { object["task"] = .object(try StoreViews.taskJSON(task, notes: notes)) }
            else if !notes.isEmpty { object["notes"] = .array(notes.map(DataValue.string)) }
            try Console.json(path == nil ? object["task"] ?? .object(object) : .object(object))
        case .text:
            if let path { Console.out("Created path " + StoreViews.pathLine(path)) }
            for note in notes { Console.out("note: \(note)") }
            if let task { Console.out(); Console.out(StoreViews.taskText(task)) }
        }
    }
}
