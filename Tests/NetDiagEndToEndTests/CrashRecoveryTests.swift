import Foundation
import NetDiagStore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A netdiag killed mid-task never leaves its task running.
struct CrashRecoveryTests {
    @Test("kill -9 during a task: the next netdiag marks it failed with the reason; the store stays sound")
    func killedMidTask() throws {
        let nd = try Binary()
        #expect(try nd.run(["inventory", "use", Binary.exampleRegion]).status == 0)
        let (done, _) = try nd.createPath("finished-one", "i-web1", "i-app1", "tcp", port: "22")
        let (victim, _) = try nd.createPath("victim", "i-web1", "i-app1", "tcp", port: "80", diagnose: false)
        let child = try nd.launch(["path", "diagnose", victim, "--yes"] + nd.ruleArgs, env: ["NETDIAG_TEST_PAUSE_IN_TASK": "60"])
        defer { if child.process.isRunning { kill(child.process.processIdentifier, SIGKILL); child.process.waitUntilExit() } }
        #expect(try nd.waitForRunning(1))
        let pid = child.process.processIdentifier
        #expect(try child.stderrSoFar().contains("test hook: task"))
        kill(pid, SIGKILL)
        child.process.waitUntilExit()
        #expect(child.process.terminationReason == .uncaughtSignal)

        let next = try nd.run(["task", "list", "--path", victim, "--format", "json"])
        #expect(next.stderr.contains("marked failed: the netdiag process (pid \(pid)) ended before the task finished"))
        let task = try #require((try next.json() as? [[String: Any]])?.first)
        #expect(task["status"] as? String == "failed" && task["result"] as? String == "Error")
        #expect(task["reason"] as? String == "the netdiag process (pid \(pid)) ended before the task finished")
        let shown = try nd.run(["task", "show", task["id"] as! String])
        #expect(shown.stdout.contains("Result: Error") && shown.stdout.contains("ended before the task finished"))

        let store = try PathStore(url: URL(fileURLWithPath: nd.store))
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.paths().count == 2)
        #expect(try store.tasks(pathId: done).map(\.status) == [.finished])
        #expect(try nd.run(["path", "diagnose", victim, "--yes"] + nd.ruleArgs).status == 0, "the path runs again")
    }
}
