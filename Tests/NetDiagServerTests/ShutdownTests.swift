import Foundation
import Testing

/// SIGTERM to a real server: accepted tasks get the grace period to finish, and no task is left
/// `running` in the store after the process is gone (read back with the CLI).
@Suite(.serialized)
struct ShutdownTests {
    /// The store's tasks as `netdiag task list --format json` shows them, by id.
    static func tasks(_ store: String) throws -> [String: [String: Any]] {
        let listed = try ServerProcess.run(["task", "list", "--store", store, "--format", "json"])
        guard listed.status == 0, let tasks = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] else {
            throw ServerTestError("task list failed: \(listed.stderr)")
        }
        return Dictionary(uniqueKeysWithValues: tasks.compactMap { task in (task["id"] as? String).map { ($0, task) } })
    }

    static func startTask(_ server: ServerProcess, name: String, port: Int) async throws -> String {
        var path = APITests.web2ToApp1; path["name"] = name; path["port"] = port
        let body = try await server.request("POST", "/api/paths", json: path).json()
        return try #require(((body["task"] as? [String: Any])?["task"] as? [String: Any])?["id"] as? String)
    }

    @Test("a task running at SIGTERM finishes within the grace period; new tasks are refused meanwhile")
    func runningTaskFinishes() async throws {
        let server = try ServerProcess(arguments: ["--shutdown-grace", "60"])
        defer { server.stop() }
        let idle = try await server.request("POST", "/api/paths", json: ["name": "idle", "source": "i-web1", "destination": "i-app1",
                                                                        "protocol": "tcp", "port": 22, "diagnose": false]).json()
        let idleId = try #require((idle["path"] as? [String: Any])?["id"] as? String)
        server.hold()
        let taskId = try await Self.startTask(server, name: "web2-to-app1", port: 8080)
        server.process.terminate()
        try await Task.sleep(nanoseconds: 500_000_000)
        #expect(server.process.isRunning, "the server waits for its running task")
        // The listener is closed: a new diagnosis either cannot connect or is refused.
        let refused = try? await server.request("POST", "/api/paths/\(idleId)/diagnose")
        #expect(refused == nil || refused?.errorCode == "serverStopping")
        server.release()
        let stopped = try server.terminate()
        #expect(stopped.status == 0)
        #expect(stopped.stderr.contains("1 task(s) finished and 0 were failed"))
        let task = try #require(try Self.tasks(server.store)[taskId])
        #expect(task["status"] as? String == "finished" && task["result"] as? String == "Unconnectable")
        #expect(try Self.tasks(server.store).count == 1, "no task was started while stopping")
    }

    @Test("tasks not done within the grace period are failed with the reason, never left running")
    func unfinishedTasksFail() async throws {
        let server = try ServerProcess(arguments: ["--shutdown-grace", "1"])
        defer { server.stop() }
        server.hold()
        let first = try await Self.startTask(server, name: "first", port: 8080)
        let second = try await Self.startTask(server, name: "second", port: 8081)
        let started = Date()
        let stopped = try server.terminate()
        #expect(stopped.status == 0 && Date().timeIntervalSince(started) < 30)
        #expect(stopped.stderr.contains("0 task(s) finished and 2 were failed"))
        let tasks = try Self.tasks(server.store)
        #expect(tasks.values.allSatisfy { $0["status"] as? String == "failed" && $0["result"] as? String == "Error" })
        #expect(tasks[first]?["reason"] as? String
                == "netdiag serve stopped (SIGTERM) and this task did not finish within the 1 s grace period; run the diagnosis again")
        #expect(tasks[second]?["reason"] as? String
                == "netdiag serve stopped (SIGTERM) and this task was still waiting for its turn after the 1 s grace period; run the diagnosis again")
    }

    @Test("--shutdown-grace outside 0–3600 is refused with exit 2")
    func badGrace() throws {
        let refused = try ServerProcess.run(["serve", "--listen", "127.0.0.1:0", "--shutdown-grace", "5000"])
        #expect(refused.status == 2 && refused.stderr == "error: --shutdown-grace '5000': expected seconds 0–3600, e.g. 10\n")
    }
}
