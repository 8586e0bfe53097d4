import ArgumentParser
import Foundation
import NetDiagInventory

/// `netdiag inventory export DIR`: the same model in netdiag's concise YAML format.
struct InventoryExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write an inventory as netdiag's YAML format."
    )

    @Argument(help: "The inventory to export (API-response folder or YAML).")
    var path: String

    @Option(name: .shortAndLong, help: "Write to this file instead of stdout (never overwrites the input).")
    var output: String?

    func run() throws {
        let loaded = try InventoryFile.load(path)
        let yaml = try InventoryExporter.yaml(loaded.inventory)
        guard let output else { Console.out(yaml); return }
        let target = URL(fileURLWithPath: output).standardizedFileURL
        if target.path == URL(fileURLWithPath: path).standardizedFileURL.path {
            throw CLIError("--output \(output) is the input inventory; choose another file")
        }
        do {
            try yaml.write(to: target, atomically: true, encoding: .utf8)
        } catch {
            throw CLIError("cannot write \(output): \(error.localizedDescription)")
        }
    }
}
