import Foundation
import Testing

/// The JSON API over real HTTP on loopback, against the built executable and the example region.
@Suite(.serialized)
struct APITests {
    static var web2ToApp1: [String: Any] {
        ["name": "web2-to-app1", "source": "i-web2", "destination": "i-app1", "protocol": "tcp", "port": 8080]
    }

    @Test("a created path's task is Running, then finishes Unconnectable; details, hops and downloads follow")
    func createAndFinish() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        server.hold()
        let created = try await server.request("POST", "/api/paths", json: Self.web2ToApp1)
        #expect(created.status == 201)
        let body = try created.json()
        let task = try #require((body["task"] as? [String: Any])?["task"] as? [String: Any])
        #expect(task["status"] as? String == "running")
        let taskId = try #require(task["id"] as? String)
        let listed = try await server.request("GET", "/api/paths").array()
        #expect((listed.first?["latestTask"] as? [String: Any])?["status"] as? String == "running")
        let pending = try await server.request("GET", "/api/tasks/\(taskId)/report?format=text")
        #expect(pending.status == 409 && pending.errorCode == "taskRunning")

        server.release()
        let done = try await server.waitForTask(taskId)
        #expect(done["result"] as? String == "Unconnectable")
        #expect((done["blockers"] as? [String])?.contains("security-group.ingress") == true)
        let hops = try #require(done["hops"] as? [[String: Any]])
        let blocked = hops.filter { $0["status"] as? String == "fail" }.compactMap { $0["id"] as? String }
        #expect(blocked.contains("destination-security-group") && blocked.contains("listener"))
        let latest = try await server.request("GET", "/api/paths").array()
        #expect((latest.first?["latestTask"] as? [String: Any])?["result"] as? String == "Unconnectable")

        let text = try await server.request("GET", "/api/tasks/\(taskId)/report?format=text")
        #expect(text.status == 200 && text.text.contains("Result: Unconnectable"))
        #expect(text.headers["content-disposition"] == "attachment; filename=\"\(taskId).txt\"")
        let json = try await server.request("GET", "/api/tasks/\(taskId)/report?format=json").json()
        #expect(json["result"] as? String == "Unconnectable" && (json["task"] as? [String: Any])?["id"] as? String == taskId)
        let svg = try await server.request("GET", "/api/tasks/\(taskId)/diagram.svg")
        #expect(svg.headers["content-type"]?.hasPrefix("image/svg+xml") == true)
        #expect(svg.text.contains(#"data-hop="destination-security-group" data-status="fail""#))
        #expect(try await server.request("GET", "/api/tasks/\(taskId)/report?format=pdf").errorCode == "formatUnknown")
    }

    @Test("validation errors are 400 with the CLI's code and message; nothing is stored")
    func validation() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        var bad = Self.web2ToApp1; bad["port"] = 70000
        let reply = try await server.request("POST", "/api/paths", json: bad)
        #expect(reply.status == 400 && reply.errorCode == "portOutOfRange")
        let cli = try ServerProcess.run(["diagnose", "--inventory", ServerProcess.exampleRegion, "--source", "i-web2",
                                         "--destination", "i-app1", "--protocol", "tcp", "--port", "70000"])
        #expect(cli.status == 2 && cli.stderr == "error: \(reply.errorMessage ?? "?")\n")
        let field = try reply.json()["error"] as? [String: Any]
        #expect(field?["field"] as? String == "port" && field?["value"] as? String == "70000")

        var named = Self.web2ToApp1; named["name"] = "1st-path"
        #expect(try await server.request("POST", "/api/paths", json: named).errorCode == "nameStartsWithDigit")
        var stopped = Self.web2ToApp1; stopped["destination"] = "i-stopped"
        let refused = try await server.request("POST", "/api/paths", json: stopped)
        #expect(refused.status == 400 && refused.errorMessage == "--destination 'i-stopped': the instance is Stopped; it must be Running")
        var unknown = Self.web2ToApp1; unknown["colour"] = "red"
        #expect(try await server.request("POST", "/api/paths", json: unknown).errorCode == "unknownField")
        var typed = Self.web2ToApp1; typed["port"] = true
        #expect(try await server.request("POST", "/api/paths", json: typed).errorCode == "fieldType")
        let notJSON = try await server.request("POST", "/api/paths", body: Data("{\"name\": \"x\",\n not json}".utf8))
        #expect(notJSON.status == 400 && notJSON.errorCode == "badJSON")
        #expect(notJSON.errorMessage?.hasPrefix("the request body is not valid JSON at line 2, column 2: ") == true, "\(notJSON.text)")
        let cut = try await server.request("POST", "/api/paths", body: Data("{\"name\": ".utf8))
        #expect(cut.errorMessage == "the request body is not valid JSON: it ends before the document is complete; expected one JSON object")
        let list = try await server.request("POST", "/api/paths", body: Data("[1]".utf8))
        #expect(list.errorCode == "badJSON" && list.errorMessage == "the request body must be one JSON object, not an array or a single value")
        var missing = Self.web2ToApp1; missing["source"] = nil
        #expect(try await server.request("POST", "/api/paths", json: missing).errorMessage?.hasPrefix("missing source") == true)
        #expect(try await server.request("GET", "/api/paths").array().isEmpty)

        let notFound = try await server.request("GET", "/api/tasks/task-000000000000")
        #expect(notFound.status == 404 && notFound.errorMessage == "no task with id 'task-000000000000' in the store; list them with `netdiag task list`")
        #expect(try await server.request("POST", "/api/paths/path-nope/diagnose").status == 404)
        let noRoute = try await server.request("GET", "/api/pathz")
        #expect(noRoute.status == 404 && noRoute.errorMessage == "no API route GET /api/pathz; the routes are listed in docs/server.md")
        let wrongMethod = try await server.request("PUT", "/api/paths", json: Self.web2ToApp1)
        #expect(wrongMethod.status == 404 && wrongMethod.errorCode == "notFound", "\(wrongMethod.text)")
        let large = try await server.request("POST", "/api/paths", body: Data(repeating: 0x20, count: 200_000),
                                             headers: ["Content-Type": "application/json"])
        #expect(large.status == 413 && large.errorCode == "bodyTooLarge")
    }

    @Test("5 running tasks per region and 1 per path: the rest refused with the store's message; clone, diagnose, delete")
    func limits() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        server.hold()
        var taskIds: [String] = []
        var pathIds: [String] = []
        for n in 0..<5 {
            var path = Self.web2ToApp1; path["name"] = "p\(n)"; path["port"] = 8000 + n
            let body = try await server.request("POST", "/api/paths", json: path).json()
            pathIds.append(try #require((body["path"] as? [String: Any])?["id"] as? String))
            taskIds.append(try #require(((body["task"] as? [String: Any])?["task"] as? [String: Any])?["id"] as? String))
        }
        var sixth = Self.web2ToApp1; sixth["name"] = "sixth"
        let refused = try await server.request("POST", "/api/paths", json: sixth)
        #expect(refused.status == 429 && refused.errorCode == "concurrencyLimit")
        #expect(refused.errorMessage == "region cn-hangzhou already runs 5 diagnostic tasks (\(taskIds.joined(separator: ", "))), the limit of concurrent tasks; retry when one finishes")
        #expect(try await server.request("GET", "/api/paths").array().count == 5)
        let busy = try await server.request("POST", "/api/paths/\(pathIds[0])/diagnose")
        #expect(busy.status == 409 && busy.errorCode == "pathBusy")
        let running = try await server.request("DELETE", "/api/paths/\(pathIds[0])")
        #expect(running.status == 409 && running.errorCode == "taskRunning")
        // Storing without a task is not limited by running tasks.
        sixth["diagnose"] = false
        #expect(try await server.request("POST", "/api/paths", json: sixth).status == 201)

        server.release()
        _ = try await server.waitForTask(taskIds[0])
        let clone = try await server.request("POST", "/api/paths/\(pathIds[0])/clone", json: ["name": "p0-copy", "port": "ssh"])
        #expect(clone.status == 201)
        let cloned = try clone.json()
        #expect((cloned["path"] as? [String: Any])?["port"] as? Int == 22)
        for id in taskIds { _ = try await server.waitForTask(id) }
        server.hold()
        // Diagnose takes no fields: one sent is refused, not silently ignored, and starts no task.
        let withFields = try await server.request("POST", "/api/paths/\(pathIds[1])/diagnose", json: ["port": 443])
        #expect(withFields.status == 400 && withFields.errorMessage == "unknown field 'port'; this request takes no fields",
                "\(withFields.text)")
        let again = try await server.request("POST", "/api/paths/\(pathIds[1])/diagnose")
        #expect(again.status == 202)
        let tasks = try await server.request("GET", "/api/paths/\(pathIds[1])/tasks").array()
        #expect(tasks.count == 2 && tasks.first?["status"] as? String == "running")
        server.release()
        _ = try await server.waitForTask(try #require(tasks.first?["id"] as? String))
        let deleted = try await server.request("DELETE", "/api/paths/\(pathIds[1])").json()
        #expect(deleted["tasksDeleted"] as? Int == 2)
        #expect(try await server.request("GET", "/api/paths/\(pathIds[1])").status == 404)
    }

    @Test("rules and the inventory: only folders under --inventory-root can be selected")
    func inventoryAndRules() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let rules = try await server.request("GET", "/api/rules").array()
        #expect(rules.contains { $0["id"] as? String == "security-group.ingress" })
        let current = try await server.request("GET", "/api/inventory").json()
        #expect(current["path"] as? String == ServerProcess.exampleRegion)

        let outside = try await server.request("PUT", "/api/inventory", json: ["path": "/etc"])
        #expect(outside.status == 403 && outside.errorCode == "inventoryOutsideFolders")
        let climbing = try await server.request("PUT", "/api/inventory", json: ["path": ServerProcess.exampleRegion + "/../../Sources"])
        #expect(climbing.status == 403)
        // A symlink inside an allowed folder that points outside it is judged by its target.
        let examples = ServerProcess.root.appendingPathComponent("examples")
        let link = examples.appendingPathComponent("link-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: server.dir.path)
        defer { try? FileManager.default.removeItem(at: link) }
        #expect(try await server.request("PUT", "/api/inventory", json: ["path": link.path]).status == 403)
        #expect(try await server.request("GET", "/api/inventory").json()["path"] as? String == ServerProcess.exampleRegion)

        let broken = try await server.request("PUT", "/api/inventory", json: ["path": examples.appendingPathComponent("broken-rules").path])
        #expect(broken.status == 422 && broken.errorCode == "inventoryInvalid")
        let ok = try await server.request("PUT", "/api/inventory", json: ["path": ServerProcess.exampleRegion])
        let okBody = try ok.json()
        #expect(ok.status == 200 && okBody["regionId"] as? String == "cn-hangzhou")
    }

    @Test("beyond loopback a token file is required; with a token every API call needs it")
    func security() async throws {
        let badPort = try ServerProcess.run(["serve", "--listen", "127.0.0.1:70000"])
        #expect(badPort.status == 2 && badPort.stderr == "error: --listen '127.0.0.1:70000': the port must be 0–65535 (0 picks a free one), got '70000'\n")
        let badStore = try ServerProcess.run(["serve", "--listen", "127.0.0.1:0", "--store", "postgres://u:pw@127.0.0.1:70000/d"])
        #expect(badStore.status == 2 && badStore.stderr.contains("bad store URL postgres://u:***@127.0.0.1:70000/d: the port must be 1–65535"))
        let noRules = try ServerProcess.run(["serve", "--listen", "127.0.0.1:0", "--rules", "/nonexistent-netdiag-rules"])
        #expect(noRules.status != 0 && noRules.stderr.contains("/nonexistent-netdiag-rules"), "\(noRules.stderr)")
        #expect(!noRules.stdout.contains("listening"))
        let refused = try ServerProcess.run(["serve", "--listen", "0.0.0.0:0"])
        #expect(refused.status == 2 && refused.stderr.contains("is not a loopback address: give --token-file FILE"))
        let short = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-token-\(UUID().uuidString)")
        try "abc\n".write(to: short, atomically: true, encoding: .utf8)
        let weak = try ServerProcess.run(["serve", "--token-file", short.path])
        #expect(weak.status == 2 && weak.stderr.contains("at least 16 characters without spaces (it has 3)"), "\(weak.stderr)")
        let folder = try ServerProcess.run(["serve", "--token-file", FileManager.default.temporaryDirectory.path])
        #expect(folder.stderr == "error: --token-file \(FileManager.default.temporaryDirectory.path): is a folder; expected a file holding the token\n",
                "\(folder.stderr)")
        // A host name that merely starts with 127. may resolve anywhere: it needs a token.
        let lookalike = try ServerProcess.run(["serve", "--listen", "127.example.com:0"])
        #expect(lookalike.status == 2 && lookalike.stderr.contains("is not a loopback address"), "\(lookalike.stderr)")

        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-token-\(UUID().uuidString)")
        let token = "t0k3n-" + UUID().uuidString
        try (token + "\n").write(to: tokenFile, atomically: true, encoding: .utf8)
        let server = try ServerProcess(arguments: ["--token-file", tokenFile.path])
        defer { server.stop() }
        let anonymous = try await server.request("GET", "/api/paths")
        #expect(anonymous.status == 401 && anonymous.errorCode == "unauthorized")
        #expect(try await server.request("GET", "/api/paths", headers: ["Authorization": "Bearer wrong-token-value-x"]).status == 401)
        server.token = token
        #expect(try await server.request("GET", "/api/paths").status == 200)
        // The console's page carries no data and loads without the token.
        server.token = nil
        let page = try await server.request("GET", "/")
        #expect(page.status == 200 && page.text.contains("/assets/console.js"))
    }
}
