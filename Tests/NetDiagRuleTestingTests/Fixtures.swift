import Foundation

/// A temporary rules folder with one rule, a shared inventory and cases, written per test.
struct Fixtures {
    let root: URL

    /// Passes for port 22, fails otherwise; logs the port.
    static let rule = """
    id = "test.port"
    title = "Only ssh"
    category = "test"
    severity = "critical"
    applies_to = { side = "destination", objects = { "instance", "eni" } }
    description = "A rule written by the rule-testing tests."
    reasons = { PORT_OK = "ssh", PORT_OTHER = { meaning = "not ssh", suggestion = "use ssh" } }
    function check(ctx)
      log("port " .. ctx.path.port)
      local evidence = { port = ctx.path.port, eni = ctx.destination.interface.id, ports = { 22 } }
      if ctx.path.port == 22 then
        return pass { reason = "PORT_OK", message = "port 22 is ssh", evidence = evidence }
      end
      return fail { reason = "PORT_OTHER", message = "port " .. ctx.path.port .. " is not ssh",
                    evidence = evidence, suggestion = "use port 22" }
    end
    """

    static let inventory = """
    regionId: cn-hangzhou
    vpcs:
    - {id: vpc-1, cidr: 10.0.0.0/16}
    vswitches:
    - {id: vsw-1, vpcId: vpc-1, cidr: 10.0.1.0/24}
    instances:
    - {id: i-a, status: Running, vpcId: vpc-1, vswitchId: vsw-1, primaryEniId: eni-a, privateIps: [10.0.1.10]}
    - {id: i-b, status: Running, vpcId: vpc-1, vswitchId: vsw-1, primaryEniId: eni-b, privateIps: [10.0.1.11]}
    networkInterfaces:
    - {id: eni-a, type: Primary, status: InUse, instanceId: i-a, vpcId: vpc-1, vswitchId: vsw-1, primaryIp: 10.0.1.10}
    - {id: eni-b, type: Primary, status: InUse, instanceId: i-b, vpcId: vpc-1, vswitchId: vsw-1, primaryIp: 10.0.1.11}

    """

    /// A case on port `port` of the shared inventory with `expect` (indented YAML lines).
    static func testCase(port: Int = 22, expect: String) -> String {
        """
        description: a case written by the tests
        # kept by --update
        inventory: ../inventories/two.yaml
        path: { source: i-a, destination: i-b, protocol: tcp, port: \(port) }
        \(expect)
        # trailing comment, also kept

        """
    }

    /// Writes `rules/test/port.lua`, `rules/tests/inventories/two.yaml` and the cases
    /// (`group/name` → text) below a new temporary folder.
    init(cases: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-ruletesting-\(UUID().uuidString)")
        var files = ["rules/test/port.lua": Self.rule, "rules/tests/inventories/two.yaml": Self.inventory]
        for (name, text) in cases { files["rules/tests/\(name).yaml"] = text }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    var rules: String { root.appendingPathComponent("rules").path }
    var tests: String { root.appendingPathComponent("rules/tests").path }
    func file(_ name: String) -> URL { root.appendingPathComponent("rules/tests/\(name).yaml") }
    func remove() { try? FileManager.default.removeItem(at: root) }
}
