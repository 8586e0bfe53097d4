import NetDiagModel

/// The one validation and link-check pass every inventory goes through, whatever its format:
/// invalid values (a CIDR, an IP, a priority, a protocol) are errors; dangling or inconsistent
/// references (a vSwitch naming a missing route table, an EIP bound to an unknown instance) are
/// warnings. `InventoryLoader` runs it; it is public for models built in code.
public enum InventoryValidator {
    /// Validates an inventory held in memory; issues name `file` and the YAML key path
    /// (`vswitches[2].routeTableId`).
    public static func validate(_ inventory: Inventory, file: String = "inventory.yaml") -> [InventoryIssue] {
        validate(inventory, locator: SourceLocator(defaultFile: file))
    }

    /// Validates with a locator that maps model values back to the files and paths they came from.
    static func validate(_ inventory: Inventory, locator: SourceLocator) -> [InventoryIssue] {
        let pass = ValidationPass(inventory, locator: locator)
        pass.checkValues()
        pass.checkLinks()
        return pass.issues
    }
}
