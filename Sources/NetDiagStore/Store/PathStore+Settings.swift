import Foundation
import GRDB

/// The inventory a workspace diagnoses, as `netdiag inventory use` recorded it.
public struct WorkspaceInventory: Hashable, Sendable, Codable {
    /// Absolute path of the inventory folder or file.
    public var path: String
    /// Its content hash when it was selected.
    public var contentHash: String

    public init(path: String, contentHash: String) { self.path = path; self.contentHash = contentHash }
}

extension PathStore {
    static let inventoryPathKey = "inventory.path"
    static let inventoryHashKey = "inventory.hash"
    static let keepKey = "tasks.keepPerPath"

    /// The selected inventory, or nil when none was selected yet.
    public func workspaceInventory() throws -> WorkspaceInventory? {
        try pool.read { db in
            guard let path = try Self.setting(db, Self.inventoryPathKey) else { return nil }
            return WorkspaceInventory(path: path, contentHash: try Self.setting(db, Self.inventoryHashKey) ?? "")
        }
    }

    public func setWorkspaceInventory(_ inventory: WorkspaceInventory) throws {
        try pool.write { db in
            try Self.setSetting(db, Self.inventoryPathKey, inventory.path)
            try Self.setSetting(db, Self.inventoryHashKey, inventory.contentHash)
        }
    }

    /// The cap on kept task records per path.
    public func keepPerPath() throws -> Int {
        try pool.read { db in try Self.keepPerPath(db, default: limits.defaultKeepPerPath) }
    }

    public func setKeepPerPath(_ keep: Int) throws {
        guard StoreLimits.keepRange.contains(keep) else { throw StoreError.keepOutOfRange(keep) }
        try pool.write { db in try Self.setSetting(db, Self.keepKey, String(keep)) }
    }

    static func keepPerPath(_ db: Database, default value: Int) throws -> Int {
        try setting(db, keepKey).flatMap(Int.init) ?? value
    }

    static func setting(_ db: Database, _ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
    }

    static func setSetting(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }
}
