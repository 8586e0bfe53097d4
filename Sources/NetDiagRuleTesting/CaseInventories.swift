import Foundation
import NetDiagInventory
import NetDiagModel

/// Loads case inventories through `InventoryLoader` (the same loader a real task uses) and
/// keeps each file's index, since many cases share one inventory.
final class CaseInventories {
    private var cache: [String: InventoryIndex] = [:]

    func index(for testCase: RuleTestCase) throws(CaseFileError) -> InventoryIndex {
        switch testCase.inventory {
        case .file(let url):
            if let index = cache[url.path] { return index }
            let index = try load(url, field: "inventory", file: testCase.file)
            cache[url.path] = index
            return index
        case .inline(let yaml):
            let dir = FileManager.default.temporaryDirectory
                .appendingPathComponent("netdiag-case-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: dir) }
            let url = dir.appendingPathComponent("region.yaml")
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                try yaml.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                throw CaseFileError(file: testCase.file.path, field: "region", message: "cannot stage the inline inventory: \(error)")
            }
            return try load(url, field: "region", file: testCase.file)
        }
    }

    private func load(_ url: URL, field: String, file: URL) throws(CaseFileError) -> InventoryIndex {
        do {
            return InventoryIndex(try InventoryLoader.load(path: url).inventory)
        } catch let error as InventoryLoadError {
            let what = field == "inventory" ? url.path : "the inline inventory"
            throw CaseFileError(file: file.path, field: field,
                                message: "\(what) does not load: " + error.errors.map(\.description).joined(separator: "; "))
        } catch {
            throw CaseFileError(file: file.path, field: field, message: "\(url.path) does not load: \(error)")
        }
    }
}
