import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The console's limits per region, through the binary, with their real values.
@Suite(.serialized)
struct LimitsEndToEndTests {
    @Test("100 paths per region: the 101st is refused with exit 2 and nothing is written")
    func pathLimit() throws {
        let nd = try Binary()
        #expect(try nd.run(["inventory", "use", Binary.exampleRegion]).status == 0)
        for n in 0..<100 {
            let (_, output) = try nd.createPath("path-\(n)", "i-web1", "i-app1", "tcp", port: "22", diagnose: false)
            try #require(output.status == 0, "\(n): \(output.stderr)")
        }
        let refused = try nd.run(["path", "create", "--name", "one-more", "--source", "i-web1", "--destination", "i-app1",
                                  "--protocol", "icmp"] + nd.ruleArgs)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("error: region cn-hangzhou already has 100 paths, the limit per region"))
        #expect((try nd.run(["path", "list", "--format", "json"]).json() as? [Any])?.count == 100)
        #expect(try nd.tasks().isEmpty)
    }

    @Test("5 concurrent tasks per region and 1 per path; the per-path cap prunes old records")
    func concurrencyAndPruning() throws {
        let nd = try Binary()
        #expect(try nd.run(["inventory", "use", Binary.exampleRegion]).status == 0)
        var ids: [String] = []
        for n in 0..<6 {
            let (id, output) = try nd.createPath("p\(n)", "i-web1", "i-app1", "tcp", port: String(1000 + n), diagnose: false)
            try #require(output.status == 0, "\(output.stderr)")
            ids.append(id)
        }
        // Five tasks held running by the test hook.
        var children: [Binary.Child] = []
        defer {
            for child in children where child.process.isRunning { kill(child.process.processIdentifier, SIGKILL) }
            for child in children { child.process.waitUntilExit() }
        }
        for id in ids.prefix(5) {
            children.append(try nd.launch(["path", "diagnose", id, "--yes"] + nd.ruleArgs, env: ["NETDIAG_TEST_PAUSE_IN_TASK": "60"]))
        }
        #expect(try nd.waitForRunning(5))
        let sixth = try nd.run(["path", "diagnose", ids[5], "--yes"] + nd.ruleArgs)
        #expect(sixth.status == 2 && sixth.stderr.contains("already runs 5 diagnostic tasks"), "\(sixth.stderr)")
        let busy = try nd.run(["path", "diagnose", ids[0], "--yes"] + nd.ruleArgs)
        #expect(busy.status == 2 && busy.stderr.contains("path \(ids[0]) already has a running task"), "\(busy.stderr)")
        let created = try nd.createPath("p-late", "i-web1", "i-app1", "tcp", port: "22")
        #expect(created.output.status == 2 && created.output.stderr.contains("already runs 5"))
        #expect((try nd.run(["path", "list", "--format", "json"]).json() as? [Any])?.count == 6, "the refused create left no path")
        for child in children { kill(child.process.processIdentifier, SIGKILL); child.process.waitUntilExit() }

        // The killed tasks are failed by the next process; the path can run again.
        #expect(try nd.run(["task", "keep", "2"]).stdout.contains("at most 2"))
        for _ in 0..<3 { #expect(try nd.run(["path", "diagnose", ids[5], "--yes"] + nd.ruleArgs).status == 0) }
        let last = try nd.run(["path", "diagnose", ids[5], "--yes"] + nd.ruleArgs)
        #expect(last.stdout.contains("note: pruned 1 old task record(s) of this path"))
        #expect(try nd.tasks(path: ids[5]).count == 2)
        #expect(try nd.tasks().filter { $0["status"] as? String == "running" }.isEmpty)
        #expect(try nd.run(["task", "keep", "0"]).status == 2)
    }
}
