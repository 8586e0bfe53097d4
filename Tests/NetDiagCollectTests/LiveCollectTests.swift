import Foundation
import NetDiagBenchmarkSupport
import NetDiagEngine
import NetDiagInventory
import NetDiagModel
import Testing
@testable import NetDiagCollect

/// `inventory collect` against FakeCloud serving a generated region: the collected folder must
/// load into the same model and diagnose sampled paths the same way as the generated folder.
@Suite(.serialized) struct LiveCollectTests {
    /// Two VPCs and enough instances that DescribeInstances pages (three pages of 100).
    static let spec = RegionSpec(name: "collect", vpcs: 2, vswitches: 10, instances: 260, secondaryEnis: 30,
                                 detachedEnis: 8, securityGroups: 24, rulesPerGroup: 12, customRouteTables: 3,
                                 routeEntries: 30, networkAcls: 3, aclEntries: 8, osSnapshots: 30, eips: 20, pageSize: 50)

    func client(_ cloud: FakeCloud, secret: String = FakeCloud.keySecret) throws -> OpenAPIClient {
        OpenAPIClient(endpoints: try Endpoints.parse(region: "cn-hangzhou", [cloud.endpoint]),
                      credentials: Credentials(accessKeyId: FakeCloud.keyId, accessKeySecret: secret, origin: "test"),
                      concurrency: 6, retry: RetryPolicy(attempts: 10, baseDelay: 0.01, maxDelay: 0.2))
    }

    /// Guest states compared as the rules read them: a source recorded `missing` is nil either way.
    func normalized(_ guest: GuestState) -> GuestState {
        var g = guest
        g.collected = g.collected.filter { $0.value != "missing" }
        return g
    }

    @Test func collectedRegionLoadsAndDiagnosesLikeTheGenerated() async throws {
        let generated = temporaryFolder("generated"), collected = temporaryFolder("collected")
        defer { try? FileManager.default.removeItem(at: generated); try? FileManager.default.removeItem(at: collected) }
        let region = RegionGenerator.generate(Self.spec, seed: 11)
        _ = try RegionWriter.write(region, to: generated)
        let cloud = try FakeCloud(region: generated)

        let collector = RegionCollector(client: try client(cloud), region: "cn-hangzhou", guests: .all,
                                        guestOptions: .init(pollInterval: 0.05, commandTimeout: 30))
        let summary = try await collector.collect(into: try InventoryFolderWriter(target: collected, replace: false))

        let stats = try cloud.stats()
        #expect(stats["signatureFailures"]?.int == 0)
        #expect((stats["throttled"]?.int ?? 0) > 0, "the fake throttled nothing: retries went untested")
        #expect(stats["errors"]?.array?.isEmpty == true, "\(stats["errors"]?.jsonText ?? "")")
        #expect(summary.retries > 0)
        #expect(FileManager.default.fileExists(atPath: collected.appendingPathComponent("DescribeInstances/3.json").path))
        #expect(FileManager.default.fileExists(atPath: collected.appendingPathComponent("DescribePrefixListAttributes").path))

        let want = try InventoryLoader.load(path: generated), got = try InventoryLoader.load(path: collected)
        #expect(got.warnings.map(\.description) == want.warnings.map(\.description))
        var cloudWant = want.inventory, cloudGot = got.inventory
        cloudWant.guests = []; cloudGot.guests = []
        #expect(cloudGot == cloudWant)

        // Guests: the fake's agent runs the bundled script against each recorded os/<id>/; an
        // instance without the agent (or without a recording) gets cloudAssistant false.
        let withAgent = Set(want.inventory.guests.filter { $0.system?.cloudAssistant == true }.map(\.instanceId))
        #expect(Set(summary.guests.collected) == withAgent)
        #expect(summary.guests.failed.isEmpty, "\(summary.guests.failed)")
        let gotGuests = Dictionary(got.inventory.guests.map { ($0.instanceId, $0) }, uniquingKeysWith: { a, _ in a })
        for guest in want.inventory.guests {
            if withAgent.contains(guest.instanceId) {
                #expect(gotGuests[guest.instanceId].map(normalized) == normalized(guest), "guest \(guest.instanceId)")
            } else {
                #expect(gotGuests[guest.instanceId]?.system?.cloudAssistant == false)
            }
        }
        let running = Set(want.inventory.instances.filter { $0.status == "Running" }.map(\.id))
        #expect(Set(gotGuests.keys) == running)

        // Verdicts and blockers on sampled paths. Guest prerequisites differ only in which skip
        // reason an agentless instance gets (agent missing vs state missing), never in a verdict.
        let engineWant = try RuleEngine(folders: [repositoryRoot.appendingPathComponent("rules").path])
        let engineGot = try RuleEngine(folders: [repositoryRoot.appendingPathComponent("rules").path])
        try engineWant.bind(InventoryIndex(want.inventory))
        try engineGot.bind(InventoryIndex(got.inventory))
        var sampler = PathSampler(want.inventory, seed: 5)
        var verdicts: [String: Int] = [:]
        for request in sampler.take(150) {
            let a = try engineWant.diagnose(request), b = try engineGot.diagnose(request)
            #expect(a.result == b.result, "\(request.source) → \(request.destination) \(request.protocol)/\(request.port)")
            #expect(a.blockers.map(\.rule) == b.blockers.map(\.rule))
            verdicts[a.result.rawValue, default: 0] += 1
        }
        #expect(verdicts.count > 1, "the sample should hold more than one verdict: \(verdicts)")
    }

    @Test func vpcFilterCollectsOnlyThatVpc() async throws {
        let generated = temporaryFolder("generated"), collected = temporaryFolder("collected")
        defer { try? FileManager.default.removeItem(at: generated); try? FileManager.default.removeItem(at: collected) }
        let region = RegionGenerator.generate(Self.spec, seed: 3)
        _ = try RegionWriter.write(region, to: generated)
        let cloud = try FakeCloud(region: generated, throttle: 0.05)
        let vpc = region.inventory.vpcs[1].id
        _ = try await RegionCollector(client: try client(cloud), region: "cn-hangzhou", vpcIds: [vpc])
            .collect(into: try InventoryFolderWriter(target: collected, replace: false))
        let loaded = try InventoryLoader.load(path: collected), got = loaded.inventory
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings.prefix(5))")
        #expect(got.vpcs.map(\.id) == [vpc])
        #expect(got.instances.map(\.id) == region.inventory.instances.filter { $0.vpcId == vpc }.map(\.id))
        #expect(got.securityGroups.map(\.id) == region.inventory.securityGroups.filter { $0.vpcId == vpc }.map(\.id))
        #expect(!got.instances.isEmpty)
    }

    @Test func aFailedCollectLeavesNoFolder() async throws {
        let generated = temporaryFolder("generated"), collected = temporaryFolder("collected")
        defer { try? FileManager.default.removeItem(at: generated); try? FileManager.default.removeItem(at: collected) }
        _ = try RegionWriter.write(RegionGenerator.generate(.small, seed: 1), to: generated)
        let cloud = try FakeCloud(region: generated, throttle: 0)
        let writer = try InventoryFolderWriter(target: collected, replace: false)
        await #expect(throws: CollectError.self) {
            _ = try await RegionCollector(client: try client(cloud, secret: "wrong"), region: "cn-hangzhou").collect(into: writer)
        }
        #expect((try cloud.stats())["signatureFailures"]?.int ?? 0 > 0)
        #expect(!FileManager.default.fileExists(atPath: collected.path))
        let parent = collected.deletingLastPathComponent().path
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: parent)
            .filter { $0.hasPrefix("." + collected.lastPathComponent) }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// A refused connection is retried, and each retry is announced (the CLI prints it), so an
    /// unreachable endpoint is not a silent wait; the final error names the action.
    @Test func retriesWithoutAnAnswerAreAnnounced() async throws {
        final class Notices: @unchecked Sendable {
            let lock = NSLock(); var seen: [(CollectError, Int, Int)] = []
            func add(_ n: (CollectError, Int, Int)) { lock.lock(); seen.append(n); lock.unlock() }
        }
        let notices = Notices()
        let client = OpenAPIClient(endpoints: try Endpoints.parse(region: "cn-hangzhou", ["http://127.0.0.1:1"]),
                                   credentials: Credentials(accessKeyId: FakeCloud.keyId, accessKeySecret: FakeCloud.keySecret, origin: "test"),
                                   retry: RetryPolicy(attempts: 3, baseDelay: 0.01, maxDelay: 0.02),
                                   onTransportRetry: { failure, next, attempts, _ in notices.add((failure, next, attempts)) })
        await #expect {
            _ = try await client.call(.vpc, "DescribeVpcs", ["RegionId": "cn-hangzhou"])
        } throws: { error in
            guard case .transport(let action, _)? = error as? CollectError else { return false }
            return action == "DescribeVpcs"
        }
        #expect(notices.seen.map { [$0.1, $0.2] } == [[2, 3], [3, 3]])
        #expect(notices.seen.allSatisfy { "\($0.0)".hasPrefix("DescribeVpcs: ") })
    }

    /// An API whose NextToken never advances must stop the collect, not loop or write a folder.
    @Test func aRepeatedNextTokenStopsTheCollect() async throws {
        let generated = temporaryFolder("generated"), collected = temporaryFolder("collected")
        defer { try? FileManager.default.removeItem(at: generated); try? FileManager.default.removeItem(at: collected) }
        _ = try RegionWriter.write(RegionGenerator.generate(Self.spec, seed: 2), to: generated)
        let cloud = try FakeCloud(region: generated, throttle: 0, stuckToken: "DescribeInstances")
        let writer = try InventoryFolderWriter(target: collected, replace: false)
        do {
            _ = try await RegionCollector(client: try client(cloud), region: "cn-hangzhou").collect(into: writer)
            Issue.record("the collect succeeded on a paging that never ends")
        } catch let error as CollectError {
            #expect(error.description.contains("DescribeInstances: NextToken") && error.description.contains("came back twice"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: collected.path))
    }

    @Test func partialFoldersOfDeadCollectsAreRemoved() throws {
        let target = temporaryFolder("stale"), parent = target.deletingLastPathComponent()
        let dead = parent.appendingPathComponent(".\(target.lastPathComponent).partial-999999999")
        let alive = parent.appendingPathComponent(".\(target.lastPathComponent).partial-1")  // init, always running
        defer { for url in [target, dead, alive] { try? FileManager.default.removeItem(at: url) } }
        for url in [dead, alive] { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        let writer = try InventoryFolderWriter(target: target, replace: false)
        #expect(!FileManager.default.fileExists(atPath: dead.path))
        #expect(FileManager.default.fileExists(atPath: alive.path))
        writer.abandon()
    }

    @Test func anExistingFolderIsKeptUnlessReplaced() throws {
        let target = temporaryFolder("existing")
        defer { try? FileManager.default.removeItem(at: target) }
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: target.appendingPathComponent("DescribeVpcs.json"))
        #expect(throws: CollectError.self) { _ = try InventoryFolderWriter(target: target, replace: false) }
        let writer = try InventoryFolderWriter(target: target, replace: true)
        try writer.writePages("DescribeVpcs", [Array("{\"Vpcs\":{\"Vpc\":[]}}".utf8)])
        // Until finish, the old folder is untouched and the new one is hidden without DescribeVpcs.
        #expect(try String(contentsOf: target.appendingPathComponent("DescribeVpcs.json"), encoding: .utf8) == "keep")
        #expect(!FileManager.default.fileExists(atPath: writer.staging.appendingPathComponent("DescribeVpcs.json").path))
        try writer.finish()
        #expect(try String(contentsOf: target.appendingPathComponent("DescribeVpcs.json"), encoding: .utf8) == "{\"Vpcs\":{\"Vpc\":[]}}")
    }
}
