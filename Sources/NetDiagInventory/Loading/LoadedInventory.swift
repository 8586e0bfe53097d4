import NetDiagModel

/// The formats an inventory can be read from.
public enum InventoryFormat: String, Sendable, Codable {
    /// A folder of the cloud's API responses (`DescribeVpcs.json`, …).
    case cloudResponses
    /// Our YAML format: `Inventory` encoded as is.
    case yaml
}

/// A loaded inventory: the model, the warnings found while loading it, and a hash of its files.
public struct LoadedInventory: Sendable {
    public var inventory: Inventory
    /// Referential problems and other non-fatal findings, in the order found.
    public var warnings: [InventoryIssue]
    /// 64-bit FNV-1a over the inventory's files (sorted relative paths and bytes), 16 hex digits.
    public var contentHash: String
    /// The format the inventory was read from.
    public var format: InventoryFormat

    public init(inventory: Inventory, warnings: [InventoryIssue], contentHash: String, format: InventoryFormat) {
        self.inventory = inventory; self.warnings = warnings; self.contentHash = contentHash; self.format = format
    }
}
