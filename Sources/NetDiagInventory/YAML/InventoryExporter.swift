import NetDiagModel
import Yams

/// Writes an inventory in our YAML format: `Inventory` encoded as is, keys named as the model's
/// properties (the names the rule engine sees). `InventoryLoader` reads it back to an equal model.
public enum InventoryExporter {
    /// The inventory as YAML text.
    public static func yaml(_ inventory: Inventory) throws -> String {
        let encoder = YAMLEncoder()
        encoder.options.allowUnicode = true
        return try encoder.encode(inventory)
    }
}
