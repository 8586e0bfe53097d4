import ArgumentParser
import NetDiagStore

/// `netdiag path list`: every path with its latest result.
struct PathListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List paths with their latest result.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        let store = try store.open()
        let (paths, latest) = try cliErrors { (try store.paths(), try store.latestTasks()) }
        switch output.format {
        case .json: try Console.json(paths.map { StoreViews.PathView($0, latest: latest[$0.id]) })
        case .text:
            Console.table(["ID", "NAME", "SOURCE", "DESTINATION", "PROTOCOL", "VPC", "LATEST RESULT"], paths.map {
                [$0.id, $0.name, $0.source, $0.destination, $0.definition.protocolAndPort, $0.vpcId,
                 StoreViews.outcome(latest[$0.id])]
            })
            Console.out("\(paths.count) path(s)")
        }
    }
}
