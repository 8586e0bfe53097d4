import ArgumentParser
import NetDiagStore

/// `netdiag path show ID`: a path's fields and its tasks.
struct PathShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a path and its tasks.")

    @Argument(help: "The path id.")
    var id: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOption

    struct View: Encodable {
        var path: StoreViews.PathView
        var tasks: [StoreViews.TaskSummary]
    }

    func run() throws {
        let store = try store.open()
        let (path, tasks) = try cliErrors { (try store.path(id), try store.tasks(pathId: id)) }
        switch output.format {
        case .json: try Console.json(View(path: .init(path, latest: tasks.last), tasks: tasks.map(StoreViews.TaskSummary.init)))
        case .text:
            let d = path.definition
            for (label, value) in [("id", path.id), ("name", path.name), ("region", path.regionId),
                                   ("resource group", path.resourceGroupId), ("vpc", path.vpcId),
                                   ("source", "\(d.source) (\(d.sourceType.rawValue))"),
                                   ("destination", "\(d.destination) (\(d.destinationType.rawValue))"),
                                   ("protocol", d.protocol.rawValue), ("port", String(d.port)),
                                   ("created", StoreViews.date(path.createdAt) ?? "-"),
                                   ("latest result", StoreViews.outcome(tasks.last))] {
                Console.out(label.padding(toLength: 15, withPad: " ", startingAt: 0) + value)
            }
            Console.out()
            if tasks.isEmpty { Console.out("No tasks: run `netdiag path diagnose \(path.id)`."); return }
            Console.table(["TASK", "PATH", "STATUS", "RESULT", "STARTED", "REASON"], StoreViews.taskRows(tasks.reversed()))
        }
    }
}
