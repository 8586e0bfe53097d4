import Foundation
import Testing
@testable import NetDiagInventory
import NetDiagModel

@Suite("The YAML format")
struct YAMLTests {
    private func sample() -> Inventory {
        var inventory = Inventory()
        inventory.regionId = "cn-hangzhou"
        inventory.vpcs = [VPC(id: "vpc-1", cidr: "10.0.0.0/16")]
        inventory.vswitches = [VSwitch(id: "vsw-1", vpcId: "vpc-1", cidr: "10.0.1.0/24", routeTableId: "vtb-missing")]
        return inventory
    }

    @Test func exportThenLoadIsEqual() throws {
        let yaml = try InventoryExporter.yaml(sample())
        let folder = try TempFolder(["inventory.yaml": yaml])
        defer { folder.remove() }
        let loaded = try InventoryLoader.load(path: folder.url)  // a folder holding inventory.yaml
        #expect(loaded.inventory == sample())
        #expect(loaded.format == .yaml)
        // The same link checks run on YAML: the dangling route table is a warning with the key path.
        #expect(loaded.warnings.map(\.location) == ["vswitches[0].routeTableId"])
        #expect(loaded.warnings.first?.file == "inventory.yaml")
    }

    @Test func invalidValueInYAMLNamesKeyPath() throws {
        var inventory = sample()
        inventory.vswitches[0].cidr = "10.0.1.0/33"
        let folder = try TempFolder(["bad.yml": try InventoryExporter.yaml(inventory)])
        defer { folder.remove() }
        let error = try #require(loadError(folder.url.appendingPathComponent("bad.yml")))
        #expect(error.errors.contains { $0.file == "bad.yml" && $0.location == "vswitches[0].cidr" && $0.message.contains("10.0.1.0/33") })
    }

    @Test func decodeErrorNamesKeyPath() throws {
        let yaml = try InventoryExporter.yaml(sample()).replacingOccurrences(of: "cidr: 10.0.1.0/24", with: "cidr: [1, 2]")
        let folder = try TempFolder(["inventory.yaml": yaml])
        defer { folder.remove() }
        let error = try #require(loadError(folder.url.appendingPathComponent("inventory.yaml")))
        #expect(error.errors.first?.file == "inventory.yaml")
        #expect(error.errors.first?.location == "vswitches[0].cidr", "\(error)")
    }

    @Test func malformedYAMLNamesLine() throws {
        let folder = try TempFolder(["inventory.yaml": "regionId: cn\nvpcs: [\n  - {id: x\n"])
        defer { folder.remove() }
        let error = try #require(loadError(folder.url.appendingPathComponent("inventory.yaml")))
        #expect(error.errors.first?.file == "inventory.yaml")
        #expect(error.errors.first?.message.hasPrefix("malformed YAML at") == true, "\(error)")
    }

    @Test func bothFormatsInOneFolderIsAnError() throws {
        var files = minimalFiles()
        files["inventory.yaml"] = try InventoryExporter.yaml(sample())
        let folder = try TempFolder(files)
        defer { folder.remove() }
        #expect(loadError(folder.url)?.errors.first?.message.contains("both") == true)
    }

    @Test func documentedExampleLoads() throws {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/inventory-format.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        let start = try #require(text.range(of: "```yaml\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let folder = try TempFolder(["inventory.yaml": String(text[start.upperBound..<end.lowerBound])])
        defer { folder.remove() }
        let loaded = try InventoryLoader.load(path: folder.url)
        #expect(loaded.warnings == [])
        #expect(loaded.inventory.securityGroups.first?.rules.first?.portRange == PortRange(start: 443, end: 443))
        #expect(loaded.inventory.networkInterfaces.first?.privateIps == ["10.0.1.10"])
    }
}
