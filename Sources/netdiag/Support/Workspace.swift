import Foundation
import NetDiagInventory
import NetDiagModel
import NetDiagStore

/// The store plus the inventory `netdiag inventory use` selected, loaded.
struct Workspace {
    let store: any WorkspaceStore
    let selected: WorkspaceInventory
    let loaded: LoadedInventory
    let index: InventoryIndex

    /// Opens the store and loads its inventory; an error when none was selected yet.
    static func open(_ options: StoreOptions) throws -> Workspace {
        let store = try options.open()
        guard let selected = try store.workspaceInventory() else {
            throw CLIError("no inventory selected for the workspace \(store.location): run `netdiag inventory use DIR` first")
        }
        let loaded = try InventoryFile.load(selected.path)
        return Workspace(store: store, selected: selected, loaded: loaded, index: InventoryIndex(loaded.inventory))
    }

    var validator: PathValidator { PathValidator(index) }

    func inputs(_ rules: LoadedRuleSet) -> TaskInputs {
        TaskInputs(inventoryPath: selected.path, inventoryHash: loaded.contentHash, ruleSetHash: rules.hash)
    }
}
