import Foundation
import NetDiagBenchmarkSupport
import NetDiagModel
import Testing

/// The built `netdiag` against FakeCloud: `inventory collect`, then `path diagnose --refresh`
/// after the cloud changed. `swift test` alone may not relink the executable: build first.
@Suite(.serialized) struct CollectCLITests {
    struct Output { var status: Int32; var stdout: String; var stderr: String }

    static let binary: URL? = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("netdiag")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return nil
    }()

    func netdiag(_ arguments: [String], keys: Bool = true, home: URL = FileManager.default.temporaryDirectory) throws -> Output {
        let binary = try #require(Self.binary, "netdiag not built next to the tests: run swift build")
        let process = Process(), out = Pipe(), err = Pipe()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ALIBABA_CLOUD_") }
        env["HOME"] = home.path  // no ~/.aliyun profile of the machine's
        if keys {
            env["ALIBABA_CLOUD_ACCESS_KEY_ID"] = FakeCloud.keyId
            env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = FakeCloud.keySecret
        }
        process.environment = env
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func collectThenRefreshAPath() throws {
        let base = temporaryFolder("cli")
        defer { try? FileManager.default.removeItem(at: base) }
        let generated = base.appendingPathComponent("generated"), inventory = base.appendingPathComponent("inv")
        let store = base.appendingPathComponent("store.sqlite").path
        let region = RegionGenerator.generate(.small, seed: 21)
        _ = try RegionWriter.write(region, to: generated)
        let cloud = try FakeCloud(region: generated, throttle: 0.05)

        let noKeys = try netdiag(["inventory", "collect", "--region", "cn-hangzhou", "--output", inventory.path,
                                  "--endpoint", cloud.endpoint], keys: false)
        #expect(noKeys.status == 2 && noKeys.stderr.contains("no credentials"), "\(noKeys.stderr)")
        let collect = try netdiag(["inventory", "collect", "--region", "cn-hangzhou", "--output", inventory.path,
                                   "--endpoint", cloud.endpoint, "--guests", "all"])
        #expect(collect.status == 0, "\(collect.stderr)")
        #expect(collect.stdout.contains("collected cn-hangzhou into \(inventory.path)"))
        let again = try netdiag(["inventory", "collect", "--region", "cn-hangzhou", "--output", inventory.path,
                                 "--endpoint", cloud.endpoint])
        #expect(again.status == 2 && again.stderr.contains("--replace"), "\(again.stderr)")
        #expect(try netdiag(["inventory", "use", inventory.path, "--store", store]).status == 0)

        // A path between two agent instances of one VPC; a third agent instance off the path.
        let agents = region.snapshots.filter { $0.systemJSON.contains("\"cloudAssistant\":true") }.map(\.instanceId)
        let byId = Dictionary(region.inventory.instances.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let destination = try #require(agents.first)
        let source = try #require(region.inventory.instances.first {
            $0.id != destination && $0.status == "Running" && $0.vpcId == byId[destination]?.vpcId && $0.primaryEniId != nil
        })
        let bystander = try #require(agents.first { $0 != destination && $0 != source.id })
        let create = try netdiag(["path", "create", "--name", "refresh-me", "--source", source.id, "--destination", destination,
                                  "--protocol", "tcp", "--port", "22", "--store", store, "--format", "json"])
        #expect(create.status == 0, "\(create.stderr)")
        let created = try JSONSerialization.jsonObject(with: Data(create.stdout.utf8))
        let pathId = try #require(((created as? [String: Any])?["path"] as? [String: Any])?["id"] as? String, "\(create.stdout)")
        #expect(Self.statuses(of: "guest-os.port-listening", in: created) == ["pass"], "\(create.stdout)")

        // The cloud changes: nothing listens on the destination any more; the bystander changes too.
        let quiet = "udp   UNCONN 0      128    127.0.0.1:323    0.0.0.0:*    users:((\"chronyd\",pid=601,fd=5))\n"
        for id in [destination, bystander] {
            try Data(quiet.utf8).write(to: generated.appendingPathComponent("os/\(id)/ss.txt"))
        }
        try cloud.reload()
        let before = try Data(contentsOf: inventory.appendingPathComponent("os/\(bystander)/ss.txt"))

        let diagnose = try netdiag(["path", "diagnose", pathId, "--refresh", "--yes", "--store", store, "--format", "json"])
        #expect(diagnose.stderr.contains("refresh: collected cn-hangzhou"), "\(diagnose.stderr)")
        #expect(diagnose.stdout.contains("the inventory changed since the previous task"), "\(diagnose.stdout)")
        let report = try JSONSerialization.jsonObject(with: Data(diagnose.stdout.utf8))
        #expect(Self.statuses(of: "guest-os.port-listening", in: report) == ["fail"], "\(diagnose.stdout)")
        #expect(diagnose.status == 1)
        // The path's instance was collected again; the bystander's state was kept as it was.
        #expect(try String(contentsOf: inventory.appendingPathComponent("os/\(destination)/ss.txt"), encoding: .utf8) == quiet)
        #expect(try Data(contentsOf: inventory.appendingPathComponent("os/\(bystander)/ss.txt")) == before)
    }

    /// The statuses of every report item of `rule`, wherever the JSON holds them.
    static func statuses(of rule: String, in value: Any) -> [String] {
        if let object = value as? [String: Any] {
            if object["rule"] as? String == rule, let status = object["status"] as? String { return [status] }
            return object.keys.sorted().flatMap { statuses(of: rule, in: object[$0]!) }
        }
        if let array = value as? [Any] { return array.flatMap { statuses(of: rule, in: $0) } }
        return []
    }

    /// `~/.aliyun/config.json` is looked up under `$HOME`, as the cloud's own CLI does.
    @Test func profileIsReadFromHOME() throws {
        let base = temporaryFolder("cli-home")
        defer { try? FileManager.default.removeItem(at: base) }
        let config = base.appendingPathComponent(".aliyun/config.json")
        try FileManager.default.createDirectory(at: config.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(#"{"current": "default", "profiles": [{"name": "default", "mode": "AK""#.utf8).write(to: config)
        let output = base.appendingPathComponent("inv")
        let broken = try netdiag(["inventory", "collect", "--region", "cn-hangzhou", "--output", output.path,
                                  "--endpoint", "http://127.0.0.1:1"], keys: false, home: base)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("\(config.path): truncated JSON"), "\(broken.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))

        let region = RegionGenerator.generate(.small, seed: 5)
        let generated = base.appendingPathComponent("generated")
        _ = try RegionWriter.write(region, to: generated)
        let cloud = try FakeCloud(region: generated, throttle: 0)
        let profile = #"{"current": "team", "profiles": [{"name": "team", "mode": "AK", "#
            + #""access_key_id": "\#(FakeCloud.keyId)", "access_key_secret": "\#(FakeCloud.keySecret)"}]}"#
        try Data(profile.utf8).write(to: config)
        let collect = try netdiag(["inventory", "collect", "--region", "cn-hangzhou", "--output", output.path,
                                   "--endpoint", cloud.endpoint], keys: false, home: base)
        #expect(collect.status == 0, "\(collect.stderr)")
        #expect(collect.stdout.contains("profile \"team\""), "\(collect.stdout)")
    }

    /// The API answers an unknown VpcId with an empty list; collect must not turn that into an
    /// empty inventory that loads cleanly.
    @Test func anUnknownVpcIsAnErrorNotAnEmptyInventory() throws {
        let base = temporaryFolder("cli-vpc")
        defer { try? FileManager.default.removeItem(at: base) }
        let generated = base.appendingPathComponent("generated"), output = base.appendingPathComponent("inv")
        let region = RegionGenerator.generate(.small, seed: 8)
        _ = try RegionWriter.write(region, to: generated)
        let cloud = try FakeCloud(region: generated, throttle: 0)
        let vpc = try #require(region.inventory.vpcs.first?.id)
        let out = try netdiag(["inventory", "collect", "--region", "cn-hangzhou", "--output", output.path,
                               "--endpoint", cloud.endpoint, "--vpc", vpc, "vpc-typo"])
        #expect(out.status == 2)
        #expect(out.stderr == "error: --vpc vpc-typo: region cn-hangzhou has no VPC with this id (DescribeVpcs lists none)\n", "\(out.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() == ["generated"])

        // A VPC named twice is collected once: no duplicate ids.
        let twice = try netdiag(["inventory", "collect", "--region", "cn-hangzhou", "--output", output.path,
                                 "--endpoint", cloud.endpoint, "--vpc", vpc, vpc])
        #expect(twice.status == 0, "\(twice.stderr)")
        let check = try netdiag(["inventory", "check", output.path])
        #expect(check.status == 0 && !check.stdout.contains("duplicate id") && !check.stderr.contains("duplicate id"), "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.range(of: #"vpcs\s+1\n"#, options: .regularExpression) != nil, "\(check.stdout)")
    }

    /// `--replace` deletes the old folder, so it must be an inventory, not a folder named by mistake.
    @Test func replaceRefusesAFolderThatIsNoInventory() throws {
        let base = temporaryFolder("cli-replace")
        defer { try? FileManager.default.removeItem(at: base) }
        let notes = base.appendingPathComponent("work/notes.txt")
        try FileManager.default.createDirectory(at: notes.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: notes)
        let out = try netdiag(["inventory", "collect", "--region", "cn-hangzhou", "--output", notes.deletingLastPathComponent().path,
                               "--endpoint", "http://127.0.0.1:1", "--replace"])
        #expect(out.status == 2)
        #expect(out.stderr.contains("--replace replaces only an inventory folder (one holding DescribeVpcs.json or .netdiag-collect.json)"),
                "\(out.stderr)")
        #expect(try String(contentsOf: notes, encoding: .utf8) == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path) == ["work"])
    }

    @Test func guestKeywordsStandAlone() throws {
        let out = try netdiag(["inventory", "collect", "--region", "cn-hangzhou", "--output", "/nonexistent/inv",
                               "--guests", "all", "i-web1"])
        #expect(out.status == 2)
        #expect(out.stderr == "error: --guests all i-web1: 'all' stands alone; give all, none, or instance ids (i-…)\n", "\(out.stderr)")
    }

    @Test func refreshNeedsACollectedInventory() throws {
        let base = temporaryFolder("cli-plain")
        defer { try? FileManager.default.removeItem(at: base) }
        let store = base.appendingPathComponent("store.sqlite").path
        let example = repositoryRoot.appendingPathComponent("examples/region").path
        #expect(try netdiag(["inventory", "use", example, "--store", store]).status == 0)
        let create = try netdiag(["path", "create", "--name", "p", "--source", "i-web1", "--destination", "i-app1",
                                  "--protocol", "tcp", "--port", "8080", "--refresh", "--store", store])
        #expect(create.status == 2)
        #expect(create.stderr.contains("was not written by `netdiag inventory collect`"), "\(create.stderr)")

        // A damaged manifest is named as such, not taken for a folder collect never wrote.
        let copy = base.appendingPathComponent("region")
        try FileManager.default.copyItem(atPath: example, toPath: copy.path)
        let manifest = copy.appendingPathComponent(".netdiag-collect.json")
        #expect(try netdiag(["inventory", "use", copy.path, "--store", store]).status == 0)
        for (text, reason) in [(#"{"region": "cn-hangzhou""#, "not valid JSON"),
                               (#"{"region": "cn-hangzhou", "vpcIds": [], "guests": ["none"], "endpoints": []}"#, "missing collectedAt"),
                               (#"{"region": 5, "vpcIds": [], "guests": [], "endpoints": [], "collectedAt": "x"}"#, "region: expected a string")] {
            try Data(text.utf8).write(to: manifest)
            let damaged = try netdiag(["path", "create", "--name", "p", "--source", "i-web1", "--destination", "i-app1",
                                       "--protocol", "tcp", "--port", "8080", "--refresh", "--store", store])
            #expect(damaged.status == 2)
            #expect(damaged.stderr == "error: --refresh: \(manifest.path): not a collect manifest (\(reason)); "
                    + "collect the folder again with `netdiag inventory collect --replace`\n", "\(damaged.stderr)")
        }
        let paths = try netdiag(["path", "list", "--store", store])
        #expect(paths.stdout.contains("0 path(s)"), "\(paths.stdout)")
    }
}
