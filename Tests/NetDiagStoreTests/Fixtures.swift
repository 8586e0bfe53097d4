import Foundation
import NetDiagEngine
import NetDiagModel
@testable import NetDiagStore

/// A small region built in code: every validation rule has an object that breaks it.
enum Fixtures {
    static let inventory: Inventory = {
        var inv = Inventory()
        inv.regionId = "cn-test"
        inv.vpcs = [VPC(id: "vpc-a", cidr: "10.0.0.0/16", regionId: "cn-test", resourceGroupId: "rg-a"),
                    VPC(id: "vpc-b", cidr: "172.16.0.0/16", regionId: "cn-test")]
        inv.vswitches = [VSwitch(id: "vsw-a", vpcId: "vpc-a", cidr: "10.0.1.0/24"),
                         VSwitch(id: "vsw-b", vpcId: "vpc-b", cidr: "172.16.1.0/24")]
        func instance(_ id: String, _ status: String, vpc: String = "vpc-a") -> Instance {
            Instance(id: id, status: status, regionId: "cn-test", vpcId: vpc, vswitchId: vpc == "vpc-a" ? "vsw-a" : "vsw-b")
        }
        inv.instances = [instance("i-a1", "Running"), instance("i-a2", "Running"), instance("i-stop", "Stopped"),
                         instance("i-b1", "Running", vpc: "vpc-b")]
        func eni(_ id: String, _ type: NetworkInterface.Kind, _ status: String, _ owner: String?, _ ip: String,
                 vpc: String = "vpc-a") -> NetworkInterface {
            NetworkInterface(id: id, type: type, status: status, instanceId: owner, vpcId: vpc,
                             vswitchId: vpc == "vpc-a" ? "vsw-a" : "vsw-b", primaryIp: ip)
        }
        inv.networkInterfaces = [
            eni("eni-a1", .primary, "InUse", "i-a1", "10.0.1.1"),
            eni("eni-a1-sec", .secondary, "InUse", "i-a1", "10.0.1.11"),
            eni("eni-a2", .primary, "InUse", "i-a2", "10.0.1.2"),
            eni("eni-a2-att", .secondary, "Attaching", "i-a2", "10.0.1.12"),
            eni("eni-stop", .primary, "InUse", "i-stop", "10.0.1.3"),
            eni("eni-loose", .secondary, "Available", nil, "10.0.1.20"),
            eni("eni-b1", .primary, "InUse", "i-b1", "172.16.1.1", vpc: "vpc-b"),
        ]
        return inv
    }()

    static let index = InventoryIndex(inventory)
    static let validator = PathValidator(index)

    static func definition(_ name: String = "path-one", region: String = "cn-test", port: Int = 22) -> PathDefinition {
        PathDefinition(name: name, regionId: region, resourceGroupId: "rg-a", vpcId: "vpc-a", sourceType: .instance,
                       source: "i-a1", destinationType: .instance, destination: "i-a2", protocol: .tcp, port: port)
    }

    static let inputs = TaskInputs(inventoryPath: "/tmp/inv", inventoryHash: "0123456789abcdef", ruleSetHash: "fedcba9876543210")

    /// A fresh store file in a temporary folder.
    static func store(limits: StoreLimits = .console, owner: ProcessIdentity = .current) throws -> PathStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-store-\(UUID().uuidString)")
        return try PathStore(url: dir.appendingPathComponent("nested/netdiag.sqlite"), limits: limits, owner: owner)
    }

    /// A pid that is certainly gone: a child that has exited and been reaped.
    static func deadPid() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
