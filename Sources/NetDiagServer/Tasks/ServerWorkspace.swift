import Foundation
import NetDiagInventory
import NetDiagModel
import NetDiagStore

/// The store plus the workspace's inventory, loaded fresh for each request that needs it (the
/// files may change while the server runs), and only from inside the configured folders.
struct ServerWorkspace: Sendable {
    let store: any WorkspaceStore
    let configuration: ServerConfiguration

    struct Loaded: Sendable {
        let selected: WorkspaceInventory
        let loaded: LoadedInventory
        let index: InventoryIndex
        var validator: PathValidator { PathValidator(index) }
    }

    /// The selected inventory, loaded; refused when none is selected or it lies outside the
    /// inventory folders (the CLI may have selected one anywhere).
    func load() throws -> Loaded {
        guard let selected = try store.workspaceInventory() else {
            throw APIError(.conflict, "noInventory",
                           "no inventory selected for the workspace \(store.location): select one with PUT /api/inventory or `netdiag inventory use DIR`")
        }
        try checkAllowed(selected.path)
        let loaded = try InventoryLoader.load(path: URL(fileURLWithPath: selected.path))
        return Loaded(selected: selected, loaded: loaded, index: InventoryIndex(loaded.inventory))
    }

    /// Selects `path` as the workspace inventory after loading it (an inventory with errors is
    /// refused and the previous selection kept).
    func select(_ path: String) throws -> LoadedInventory {
        let absolute = ServerConfiguration.canonical(path)
        try checkAllowed(absolute)
        let loaded = try InventoryLoader.load(path: URL(fileURLWithPath: absolute))
        try store.setWorkspaceInventory(WorkspaceInventory(path: absolute, contentHash: loaded.contentHash))
        return loaded
    }

    func checkAllowed(_ path: String) throws {
        guard configuration.allowsInventory(path) else {
            throw APIError(.forbidden, "inventoryOutsideFolders",
                           "the inventory \(path) is outside the server's inventory folders (\(configuration.inventoryRoots.joined(separator: ", "))); start the server with --inventory-root DIR to allow another folder",
                           field: "path", value: path)
        }
    }
}
