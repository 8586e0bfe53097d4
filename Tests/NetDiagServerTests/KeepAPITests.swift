import Foundation
import Testing

/// `GET/PUT /api/keep`: the CLI's `task keep [N]` over HTTP, on the same store and with the
/// same validation message.
struct KeepAPITests {
    @Test("the per-path record limit: read, refused out of range with the CLI's message, set, and applied to the next task")
    func keep() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        #expect(try await server.request("GET", "/api/keep").json()["keep"] as? Int == 50)

        let zero = try await server.request("PUT", "/api/keep", json: ["keep": 0])
        let cli = try ServerProcess.run(["task", "keep", "0", "--store", server.store])
        #expect(zero.status == 400 && zero.errorCode == "keepOutOfRange")
        #expect(cli.status != 0 && cli.stderr == "error: \(zero.errorMessage ?? "?")\n")
        #expect(zero.errorMessage == "the per-path cap on kept task records must be 1–1000, got 0")
        #expect(try await server.request("PUT", "/api/keep", json: ["keep": 1001]).errorCode == "keepOutOfRange")
        let typed = try await server.request("PUT", "/api/keep", json: ["keep": "ten"])
        #expect(typed.status == 400 && typed.errorMessage == "field 'keep' must be a whole number 1–1000")
        #expect(try await server.request("PUT", "/api/keep", json: ["keep": 2.5]).errorCode == "fieldType")
        #expect(try await server.request("PUT", "/api/keep", json: [String: Any]()).errorCode == "missingField")
        #expect(try await server.request("GET", "/api/keep").json()["keep"] as? Int == 50, "refused values change nothing")

        let set = try await server.request("PUT", "/api/keep", json: ["keep": 2])
        #expect(try set.status == 200 && set.json()["keep"] as? Int == 2)
        #expect(try ServerProcess.run(["task", "keep", "--store", server.store]).stdout == "Each path keeps at most 2 task record(s).\n")

        let created = try await server.request("POST", "/api/paths", json: APITests.web2ToApp1).json()
        let pathId = try #require((created["path"] as? [String: Any])?["id"] as? String)
        var taskId = try #require(((created["task"] as? [String: Any])?["task"] as? [String: Any])?["id"] as? String)
        for _ in 0..<2 {
            _ = try await server.waitForTask(taskId)
            let task = try await server.request("POST", "/api/paths/\(pathId)/diagnose").json()
            taskId = try #require((task["task"] as? [String: Any])?["id"] as? String)
        }
        _ = try await server.waitForTask(taskId)
        #expect(try await server.request("GET", "/api/paths/\(pathId)/tasks").array().count == 2, "the third task pruned the oldest")
    }
}
