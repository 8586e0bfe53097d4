import Foundation
import NetDiagEngine
import NetDiagModel

/// A two-instance VPC and helpers to write rule files into a fresh folder.
enum EngineFixtures {
    static var inventory: Inventory {
        var inv = Inventory()
        inv.regionId = "cn-hangzhou"
        inv.vpcs = [VPC(id: "vpc-1", cidr: "10.0.0.0/16")]
        inv.vswitches = [VSwitch(id: "vsw-1", vpcId: "vpc-1", cidr: "10.0.1.0/24")]
        inv.securityGroups = [SecurityGroup(id: "sg-1", type: .normal, vpcId: "vpc-1", rules: [
            SecurityGroupRule(id: "sgr-1", direction: .ingress, policy: .accept, priority: 1, protocol: "tcp",
                              portRange: PortRange("22/22")!, cidr: "0.0.0.0/0"),
        ])]
        for (n, ip) in [("a", "10.0.1.10"), ("b", "10.0.1.11")] {
            inv.instances.append(Instance(id: "i-\(n)", status: "Running", vpcId: "vpc-1", vswitchId: "vsw-1",
                                          primaryEniId: "eni-\(n)", privateIps: [ip], securityGroupIds: ["sg-1"]))
            inv.networkInterfaces.append(NetworkInterface(id: "eni-\(n)", type: .primary, status: "InUse",
                                                          instanceId: "i-\(n)", vpcId: "vpc-1", vswitchId: "vsw-1",
                                                          primaryIp: ip, securityGroupIds: ["sg-1"]))
        }
        inv.routeTables = [RouteTable(id: "rtb-1", type: .system, vpcId: "vpc-1", entries: [
            RouteEntry(id: "rte-1", destination: "10.0.1.0/24", type: "System", nextHops: [NextHop(type: "local")]),
        ])]
        return inv
    }

    static let request = DiagnosisRequest(source: "i-a", destination: "i-b", protocol: "tcp", port: 22)

    /// A complete rule file whose check body is `body`.
    static func rule(_ id: String, side: String = "destination", check body: String, extra: String = "") -> String {
        """
        id = "\(id)"
        title = "Test rule \(id)"
        category = "test"
        severity = "critical"
        applies_to = { side = "\(side)", objects = { "instance", "eni" } }
        description = "A rule written by the engine tests."
        reasons = { OK = "it passed", BAD = "it failed" }
        \(extra)
        function check(ctx)
        \(body)
        end
        """
    }

    /// Writes files (name → text) into a new temporary folder and returns its path.
    static func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir.path
    }

    /// Loads the files, binds the fixture inventory and diagnoses the fixture request.
    static func diagnose(_ files: [String: String], limits: SandboxLimits = SandboxLimits()) throws -> (RuleEngine, Diagnosis) {
        let engine = try RuleEngine(folders: [folder(files)], limits: limits)
        try engine.bind(InventoryIndex(inventory))
        return (engine, try engine.diagnose(request))
    }
}

extension Diagnosis {
    func finding(_ rule: String) -> Finding? { findings.first { $0.rule == rule } }
}
