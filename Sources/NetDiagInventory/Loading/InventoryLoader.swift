import Foundation
import NetDiagModel

/// Loads an inventory from a folder of the cloud's API responses, a YAML file, or a folder
/// holding `inventory.yaml`. Every format goes through the same validation and link-check pass
/// (`InventoryValidator`); guest state is read from `os/<instance-id>/` beside the responses.
public enum InventoryLoader {
    /// The YAML file names looked for in a folder.
    public static let yamlFileNames = ["inventory.yaml", "inventory.yml"]

    /// Loads `path`: a `.yaml`/`.yml` file, a folder with `inventory.yaml`, or a folder of API
    /// responses. Throws `InventoryLoadError` listing every error found (each naming its file and
    /// JSON or YAML path); warnings come back in the result.
    public static func load(path: URL) throws -> LoadedInventory {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
            throw InventoryLoadError(errors: [InventoryIssue(.error, file: path.path, message: "no such file or folder")])
        }
        let sink = IssueSink()
        var inventory: Inventory
        var locator: SourceLocator
        let format: InventoryFormat
        if !isDirectory.boolValue {
            guard ["yaml", "yml"].contains(path.pathExtension.lowercased()) else {
                throw InventoryLoadError(errors: [InventoryIssue(.error, file: path.lastPathComponent,
                    message: "expected a .yaml or .yml file, or a folder of API responses")])
            }
            (inventory, locator) = readYAML(path, name: path.lastPathComponent, sink: sink)
            format = .yaml
        } else if let yaml = yamlFileNames.map({ path.appendingPathComponent($0) }).first(where: { manager.fileExists(atPath: $0.path) }) {
            if manager.fileExists(atPath: path.appendingPathComponent("DescribeVpcs.json").path)
                || manager.fileExists(atPath: path.appendingPathComponent("DescribeVpcs").path) {
                throw InventoryLoadError(errors: [InventoryIssue(.error, file: yaml.lastPathComponent,
                    message: "the folder holds both \(yaml.lastPathComponent) and API responses; keep one format per folder")])
            }
            (inventory, locator) = readYAML(yaml, name: yaml.lastPathComponent, sink: sink)
            format = .yaml
            addGuests(from: path, to: &inventory, sink: sink)
        } else {
            let reader = CloudInventoryReader(root: path, sink: sink)
            inventory = reader.read()
            locator = reader.locator
            locator.defaultFile = path.lastPathComponent
            format = .cloudResponses
            addGuests(from: path, to: &inventory, sink: sink)
        }
        if sink.errors.isEmpty {
            for issue in InventoryValidator.validate(inventory, locator: locator) { sink.add(issue) }
        }
        guard sink.errors.isEmpty else {
            throw InventoryLoadError(errors: sink.errors, warnings: sink.warnings)
        }
        let hash: String
        do { hash = try ContentHash.of(path: path) } catch {
            throw InventoryLoadError(errors: [InventoryIssue(.error, file: path.path, message: "cannot hash the inventory: \(error)")])
        }
        return LoadedInventory(inventory: inventory, warnings: sink.warnings, contentHash: hash, format: format)
    }

    private static func readYAML(_ url: URL, name: String, sink: IssueSink) -> (Inventory, SourceLocator) {
        let inventory = YAMLInventoryReader.read(url, name: name, sink: sink) ?? Inventory()
        return (inventory, SourceLocator(defaultFile: name))
    }

    /// Appends the guest state found under `os/` for instances the inventory has no guest for.
    private static func addGuests(from folder: URL, to inventory: inout Inventory, sink: IssueSink) {
        let os = folder.appendingPathComponent("os")
        guard FileManager.default.fileExists(atPath: os.path) else { return }
        let (guests, issues) = loadGuests(from: os)
        issues.forEach(sink.add)
        let known = Set(inventory.guests.map(\.instanceId))
        inventory.guests += guests.filter { !known.contains($0.instanceId) }
    }
}
