import ArgumentParser

/// `netdiag inventory …`: check, export and select inventories.
struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Load, check, export, select and collect inventories.",
        subcommands: [InventoryCheckCommand.self, InventoryExportCommand.self, InventoryUseCommand.self,
                      InventoryCollectCommand.self]
    )
}
