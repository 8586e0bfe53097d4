import Foundation
import Testing

/// The built binary, end to end, on examples/region with a temporary store.
@Suite(.serialized)
struct PathWorkflowTests {
    @Test("create → automatic diagnosis → clone → diagnose → list → show → delete")
    func workflow() throws {
        let nd = try Binary()
        let use = try nd.run(["inventory", "use", Binary.exampleRegion])
        #expect(use.status == 0 && use.stdout.contains("cn-hangzhou"), "\(use.stderr)")

        let (web, created) = try nd.createPath("web-to-app", "i-web1", "i-app1", "tcp", port: "ssh")
        #expect(created.status == 0, "\(created.stderr)")
        let first = try #require((try created.json() as? [String: Any])?["task"] as? [String: Any])
        #expect(first["result"] as? String == "Normal")
        #expect((first["task"] as? [String: Any])?["status"] as? String == "finished")
        let items = try #require(first["items"] as? [[String: Any]])
        #expect(items.map { $0["rule"] as? String } == ["fixture.port"])
        #expect((first["path"] as? [String: Any])?["port"] as? Int == 22)

        let clone = try nd.run(["path", "clone", web, "--name", "web-to-app-8080", "--port", "8080", "--format", "json"] + nd.ruleArgs)
        #expect(clone.status == 0, "\(clone.stderr)")
        let cloned = try #require(try clone.json() as? [String: Any])
        let cloneId = try #require((cloned["path"] as? [String: Any])?["id"] as? String)
        #expect((cloned["path"] as? [String: Any])?["source"] as? String == "i-web1")
        #expect((cloned["task"] as? [String: Any])?["result"] as? String == "Unconnectable")

        let refused = try nd.run(["path", "diagnose", cloneId] + nd.ruleArgs)
        #expect(refused.status == 2 && refused.stderr.contains("error: diagnosing path \(cloneId) needs confirmation, and stdin is not a terminal: pass --yes"))
        let again = try nd.run(["path", "diagnose", cloneId, "--yes"] + nd.ruleArgs)
        #expect(again.status == 1, "Unconnectable exits 1: \(again.stderr)")
        #expect(again.stdout.contains("Result: Unconnectable") && again.stdout.contains("FAIL  fixture.port"))
        #expect(again.stdout.contains("suggestion: use another port"))
        #expect(again.stdout.contains("insight into the configuration, not a proof that packets pass"))
        #expect(try nd.run(["path", "diagnose", web, "--yes"] + nd.ruleArgs).status == 0)

        let list = try #require(try nd.run(["path", "list", "--format", "json"]).json() as? [[String: Any]])
        let latest = Dictionary(uniqueKeysWithValues: list.map { ($0["id"] as! String, ($0["latestTask"] as? [String: Any])?["result"] as? String) })
        #expect(latest == [web: "Normal", cloneId: "Unconnectable"])
        let text = try nd.run(["path", "list"])
        #expect(text.stdout.contains("LATEST RESULT") && text.stdout.contains("Unconnectable"))

        let show = try #require(try nd.run(["path", "show", cloneId, "--format", "json"]).json() as? [String: Any])
        #expect((show["tasks"] as? [Any])?.count == 2)
        let tasks = try nd.tasks(path: cloneId)
        let taskId = try #require(tasks.first?["id"] as? String)
        let task = try #require(try nd.run(["task", "show", taskId, "--format", "json"]).json() as? [String: Any])
        #expect(task["result"] as? String == "Unconnectable")
        #expect((task["items"] as? [[String: Any]])?.first?["reason"] as? String == "PORT_BLOCKED")
        #expect(((task["task"] as? [String: Any])?["ruleSetHash"] as? String)?.count == 16)
        #expect(try nd.run(["task", "show", taskId]).stdout.contains("Blocked by:"))

        let keepDelete = try nd.run(["path", "delete", web])
        #expect(keepDelete.status == 2 && keepDelete.stderr.contains("pass --yes"))
        #expect(try nd.run(["path", "delete", web, "--yes"]).status == 0)
        #expect(try nd.run(["task", "delete", taskId, "--yes"]).status == 0)
        #expect(try nd.tasks().count == 1)
        let gone = try nd.run(["path", "show", web])
        #expect(gone.status == 2 && gone.stderr.contains("error: no path with id '\(web)' in the store"))
    }

    @Test("a changed inventory is noted when a path is diagnosed again and when a task is shown")
    func inventoryChanged() throws {
        let nd = try Binary()
        let copy = nd.dir.appendingPathComponent("region")
        try FileManager.default.copyItem(atPath: Binary.exampleRegion, toPath: copy.path)
        #expect(try nd.run(["inventory", "use", copy.path]).status == 0)
        let (id, _) = try nd.createPath("web-ssh", "i-web1", "i-app1", "tcp", port: "22")
        let taskId = try #require(try nd.tasks().first?["id"] as? String)
        let vpcs = copy.appendingPathComponent("DescribeVpcs.json")
        try (try String(contentsOf: vpcs, encoding: .utf8) + "\n").write(to: vpcs, atomically: true, encoding: .utf8)
        let again = try nd.run(["path", "diagnose", id, "--yes"] + nd.ruleArgs)
        #expect(again.status == 0 && again.stdout.contains("note: the inventory changed since the previous task \(taskId)"))
        #expect(try nd.run(["task", "show", taskId]).stdout.contains("changed since this task ran"))
    }

    @Test("one-shot diagnose: exit 0 Normal, 1 Unconnectable, 2 bad input; nothing stored")
    func oneShot() throws {
        let nd = try Binary()
        let base = ["diagnose", "--inventory", Binary.exampleRegion, "--source", "i-web1", "--destination", "i-app1"] + nd.ruleArgs
        let normal = try nd.run(base + ["--protocol", "tcp", "--port", "https", "--format", "json"])
        let verdict = (try normal.json() as? [String: Any])?["result"] as? String
        #expect(normal.status == 0 && verdict == "Normal")
        #expect(try nd.run(base + ["--protocol", "tcp", "--port", "8080"]).status == 1)
        let bad = try nd.run(base + ["--protocol", "tcp", "--port", "70000"])
        #expect(bad.status == 2 && bad.stderr.contains("error: --port 70000: out of range for tcp; use 1–65535"))
        #expect(try nd.run(base + ["--protocol", "icmp"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: nd.store))
    }
}
