import ArgumentParser
import Foundation
import NetDiagStore

/// `netdiag inventory use DIR`: selects the inventory the workspace's paths are checked and
/// diagnosed against, recording its absolute path and content hash.
struct InventoryUseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "use",
        abstract: "Select the inventory paths and tasks use.",
        discussion: "The inventory is loaded and checked first; one with errors is refused (exit 2)."
    )

    @Argument(help: "A folder of API responses, a YAML inventory, or a folder holding inventory.yaml.")
    var path: String

    @OptionGroup var store: StoreOptions

    func run() throws {
        let loaded = try InventoryFile.load(path)
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let store = try store.open()
        let previous = try cliErrors { try store.workspaceInventory() }
        try cliErrors { try store.setWorkspaceInventory(WorkspaceInventory(path: absolute, contentHash: loaded.contentHash)) }
        Console.out("Using \(absolute) (\(loaded.format.rawValue), region \(loaded.inventory.regionId.isEmpty ? "-" : loaded.inventory.regionId), hash \(loaded.contentHash), \(loaded.warnings.count) warning(s)) in \(store.location)")
        if let previous, previous.path != absolute { Console.out("Previously: \(previous.path)") }
    }
}
