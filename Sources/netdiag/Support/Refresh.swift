import Foundation
import NetDiagCollect
import NetDiagStore

/// `--refresh` for the path commands: the workspace inventory collected again the way it was
/// collected (its `.netdiag-collect.json`), replacing the folder atomically, with guest state
/// re-run only on the instances the path names (an ENI stands for its instance) and kept for the
/// others; the store then points at the new content hash. docs/collect.md, "Refresh".
enum Refresh {
    /// - Returns: the workspace reopened on the refreshed inventory.
    static func run(_ workspace: Workspace, objects: [String], store: StoreOptions) throws -> Workspace {
        let folder = URL(fileURLWithPath: workspace.selected.path)
        let recorded: CollectManifest?
        do { recorded = try CollectManifest.read(folder: folder) } catch { throw CLIError("--refresh: \(error)") }
        guard var manifest = recorded else {
            throw CLIError("--refresh: \(folder.path) was not written by `netdiag inventory collect` (it has no \(CollectManifest.fileName)); collect it, then `netdiag inventory use` it")
        }
        let instances = objects.compactMap { id -> String? in
            if id.hasPrefix("i-") { return id }
            return workspace.index.networkInterfaces[id]?.instanceId
        }
        manifest.collectedAt = ISO8601DateFormatter().string(from: Date())
        // Guests are re-run on the path's instances only where the folder was collected with guests.
        let guests: GuestSelection = manifest.guests == ["none"] || manifest.guests.isEmpty ? .none : .ifPresent(instances)
        let lines = try LiveCollection.run(.init(manifest: manifest, output: folder, replace: true, concurrency: 8,
                                                 guests: guests, carryGuestsFrom: folder))
        lines.forEach { Console.error("refresh: " + $0) }
        let loaded = try InventoryFile.load(folder.path)
        try cliErrors {
            try workspace.store.setWorkspaceInventory(WorkspaceInventory(path: folder.path, contentHash: loaded.contentHash))
        }
        return try Workspace.open(store)
    }
}
