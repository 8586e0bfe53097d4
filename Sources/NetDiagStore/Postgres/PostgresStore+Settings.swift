import Foundation
import PostgresNIO

extension PostgresStore {
    public func workspaceInventory() throws -> WorkspaceInventory? {
        guard let path = try setting(PathStore.inventoryPathKey) else { return nil }
        return WorkspaceInventory(path: path, contentHash: try setting(PathStore.inventoryHashKey) ?? "")
    }

    public func setWorkspaceInventory(_ inventory: WorkspaceInventory) throws {
        try session.write {
            try setSetting(PathStore.inventoryPathKey, inventory.path)
            try setSetting(PathStore.inventoryHashKey, inventory.contentHash)
        }
    }

    public func keepPerPath() throws -> Int {
        try setting(PathStore.keepKey).flatMap(Int.init) ?? limits.defaultKeepPerPath
    }

    public func setKeepPerPath(_ keep: Int) throws {
        guard StoreLimits.keepRange.contains(keep) else { throw StoreError.keepOutOfRange(keep) }
        try session.write { try setSetting(PathStore.keepKey, String(keep)) }
    }

    func setting(_ key: String) throws -> String? {
        try session.query("SELECT value FROM setting WHERE key = \(key)").first?.decode(String.self)
    }

    func setSetting(_ key: String, _ value: String) throws {
        try session.query("""
            INSERT INTO setting(key, value) VALUES (\(key), \(value))
            ON CONFLICT(key) DO UPDATE SET value = excluded.value
            """)
    }
}
