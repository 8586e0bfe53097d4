import Foundation
import NetDiagBenchmarkSupport
import NetDiagInventory

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh temporary folder path (not created).
func temporaryFolder(_ tag: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-bench-test-\(tag)-\(UUID().uuidString)")
}

/// Generates a region, writes it to a temporary folder and loads it back.
func generateAndLoad(_ spec: RegionSpec = .small, seed: UInt64 = 42) throws -> (URL, GeneratedRegion, LoadedInventory) {
    let folder = temporaryFolder(spec.name)
    let region = RegionGenerator.generate(spec, seed: seed)
    _ = try RegionWriter.write(region, to: folder)
    return (folder, region, try InventoryLoader.load(path: folder))
}

/// Relative path → bytes of every file below a folder.
func fileContents(_ folder: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let base = folder.resolvingSymlinksInPath().path
    for case let url as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)! {
        var isDirectory: ObjCBool = false
        let path = url.resolvingSymlinksInPath().path
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
        out[String(path.dropFirst(base.count))] = try Data(contentsOf: url)
    }
    return out
}
