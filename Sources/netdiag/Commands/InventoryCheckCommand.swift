import ArgumentParser
import Foundation
import NetDiagInventory
import NetDiagModel

/// `netdiag inventory check DIR`: loads, prints counts per resource type and every warning.
struct InventoryCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load an inventory and report counts, warnings and errors.",
        discussion: "Exits 2 when the inventory has errors; warnings alone exit 0."
    )

    @Argument(help: "A folder of API responses, a YAML inventory, or a folder holding inventory.yaml.")
    var path: String

    @OptionGroup var output: FormatOption

    struct Report: Encodable {
        var path: String
        var format: String
        var contentHash: String
        var counts: [String: Int]
        var warnings: [String]
    }

    func run() throws {
        let loaded = try InventoryFile.load(path)
        let report = Report(path: path, format: loaded.format.rawValue, contentHash: loaded.contentHash,
                            counts: Dictionary(uniqueKeysWithValues: loaded.inventory.counts),
                            warnings: loaded.warnings.map(\.description))
        switch output.format {
        case .json: try Console.json(report)
        case .text:
            Console.out("\(path): \(loaded.format.rawValue), hash \(loaded.contentHash)")
            Console.table(["RESOURCE", "COUNT"], loaded.inventory.counts.map { [$0.0, String($0.1)] })
            for warning in loaded.warnings { Console.out(warning.description) }
            Console.out("\(loaded.warnings.count) warnings, 0 errors")
        }
    }
}

/// Loading with the loader's errors turned into a CLI error (exit 2) that lists each one.
enum InventoryFile {
    static func load(_ path: String) throws -> LoadedInventory {
        do {
            return try InventoryLoader.load(path: URL(fileURLWithPath: path))
        } catch let error as InventoryLoadError {
            throw CLIError("cannot load the inventory \(path):\n\(error.description)")
        }
    }
}
