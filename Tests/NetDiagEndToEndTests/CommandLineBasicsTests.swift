import Foundation
import Testing

/// The foundation commands through the real binary: inventory check/export, rules list/lint,
/// --help and --version, and the exit codes scripts rely on.
@Suite struct CommandLineBasicsTests {
    let root = Binary.root

    @Test func inventoryCheckCountsTheExampleWithNoWarnings() throws {
        let out = try NetDiagBinary.run(["inventory", "check", Binary.exampleRegion, "--format", "json"])
        #expect(out.status == 0)
        let report = try #require(try out.json() as? [String: Any])
        let counts = try #require(report["counts"] as? [String: Int])
        #expect(counts["instances"] == 10 && counts["vpcs"] == 2 && counts["guests"] == 5)
        #expect((report["warnings"] as? [String])?.isEmpty == true)
    }

    @Test func malformedInventoryExitsTwoNamingFileAndPath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-bad-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: Binary.exampleRegion, toPath: dir.path)
        defer { try? FileManager.default.removeItem(at: dir) }
        let vpcs = dir.appendingPathComponent("DescribeVpcs.json")
        let text = try String(contentsOf: vpcs, encoding: .utf8)
        try text.replacingOccurrences(of: "\"10.0.0.0/16\"", with: "\"10.0.0.0/40\"").write(to: vpcs, atomically: true, encoding: .utf8)
        let out = try NetDiagBinary.run(["inventory", "check", dir.path])
        #expect(out.status == 2)
        #expect(out.stderr.contains("DescribeVpcs.json: $.Vpcs.Vpc[0].CidrBlock"), "\(out.stderr)")

        try FileManager.default.removeItem(at: dir.appendingPathComponent("DescribeVSwitches.json"))
        let missing = try NetDiagBinary.run(["inventory", "check", dir.path])
        #expect(missing.status == 2 && missing.stderr.contains("DescribeVSwitches.json: missing required file"))
    }

    @Test func exportedYAMLLoadsToTheSameCounts() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try NetDiagBinary.run(["inventory", "export", Binary.exampleRegion, "-o", file.path]).status == 0)
        let original = try NetDiagBinary.run(["inventory", "check", Binary.exampleRegion, "--format", "json"]).json() as? [String: Any]
        let reloaded = try NetDiagBinary.run(["inventory", "check", file.path, "--format", "json"]).json() as? [String: Any]
        #expect(original?["counts"] as? [String: Int] == reloaded?["counts"] as? [String: Int])
        let refused = try NetDiagBinary.run(["inventory", "export", file.path, "-o", file.path])
        #expect(refused.status == 2 && refused.stderr.contains("is the input inventory"))
    }

    @Test func rulesListShowsTheRepositoryRules() throws {
        let out = try NetDiagBinary.run(["rules", "list"], in: root)
        #expect(out.status == 0)
        for id in ["security-group.ingress", "network-acl.return-egress", "route.forward", "guest-os.port-listening"] {
            #expect(out.stdout.contains(id), "missing \(id)")
        }
        #expect(try NetDiagBinary.run(["rules", "lint"], in: root).status == 0)
    }

    @Test func lintExitsOneNamingFileAndLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "id = \"x\"\nseverity = 3\n".write(to: dir.appendingPathComponent("bad.lua"), atomically: true, encoding: .utf8)
        let out = try NetDiagBinary.run(["rules", "lint", dir.path])
        #expect(out.status == 1)
        #expect(out.stdout.contains("bad.lua"))
        #expect(out.stdout.contains("0 valid, 1 invalid"))
    }

    @Test func badPortAndUnknownIdExitTwo() throws {
        let port = try NetDiagBinary.run(["diagnose", "--inventory", Binary.exampleRegion, "--source", "i-web1",
                                          "--destination", "i-app1", "--protocol", "tcp", "--port", "70000"], in: root)
        #expect(port.status == 2 && port.stderr.contains("70000"))
        let unknown = try NetDiagBinary.run(["diagnose", "--inventory", Binary.exampleRegion, "--source", "i-nope",
                                             "--destination", "i-app1", "--protocol", "tcp", "--port", "22"], in: root)
        #expect(unknown.status == 2 && unknown.stderr.contains("i-nope"))
    }

    @Test func aStoreURLOfAnotherSchemeIsRefusedNotCreatedAsAFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-scheme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = try NetDiagBinary.run(["path", "list", "--store", "postgress://netdiag@db/netdiag"], in: folder)
        #expect(out.status == 2)
        #expect(out.stderr == "error: bad store URL postgress://netdiag@db/netdiag: unknown scheme 'postgress'; "
                + "expected postgres:// or postgresql://, or the path of an SQLite file\n", "\(out.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test(arguments: [
        [], ["inventory"], ["inventory", "check"], ["inventory", "export"], ["inventory", "use"],
        ["rules"], ["rules", "list"], ["rules", "show"], ["rules", "lint"], ["rules", "test"], ["rules", "new"],
        ["rules", "run"], ["rules", "reasons"], ["path"], ["path", "create"], ["path", "clone"], ["path", "list"],
        ["path", "show"], ["path", "delete"], ["path", "diagnose"], ["task"], ["task", "list"], ["task", "show"],
        ["task", "delete"], ["task", "keep"], ["diagnose"], ["agent"], ["agent", "collect"], ["inventory", "collect"], ["serve"],
    ])
    func everyCommandHasHelp(_ command: [String]) throws {
        let out = try NetDiagBinary.run(command + ["--help"])
        #expect(out.status == 0)
        #expect(out.stdout.contains("USAGE: netdiag"))
    }

    @Test func versionIsPrinted() throws {
        let out = try NetDiagBinary.run(["--version"])
        #expect(out.status == 0 && out.stdout.trimmingCharacters(in: .whitespacesAndNewlines).range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil)
    }
}
