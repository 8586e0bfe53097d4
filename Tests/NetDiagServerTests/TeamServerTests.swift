import Foundation
import Testing
@testable import NetDiagStore

/// Two servers on one PostgreSQL store: they share paths and tasks, and the region's limits hold
/// across them. Needs `NETDIAG_TEST_POSTGRES_URL` (make test starts a server); without it the
/// case is skipped with a printed reason, unless `NETDIAG_REQUIRE_POSTGRES=1`, where it fails.
struct TeamServerTests {
    @Test("two servers on one PostgreSQL database: shared paths, 5 running tasks in the region across both")
    func twoServers() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let admin = environment["NETDIAG_TEST_POSTGRES_URL"].flatMap({ try? PostgresURL($0) }) else {
            if environment["NETDIAG_REQUIRE_POSTGRES"] == "1" { Issue.record("NETDIAG_REQUIRE_POSTGRES=1 but no NETDIAG_TEST_POSTGRES_URL") }
            else { print("skipped: the two-server case needs NETDIAG_TEST_POSTGRES_URL (make test starts a server)") }
            return
        }
        let database = "netdiag_serve_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgresSession(url: admin).query("CREATE DATABASE \(unescaped: database)")
        let password = admin.password.map { "&password=\($0)" } ?? ""
        let url = admin.socketPath.map { "postgres:///\(database)?host=\(($0 as NSString).deletingLastPathComponent)&user=\(admin.user)\(password)" }
            ?? "postgres://\(admin.host ?? "127.0.0.1"):\(admin.port)/\(database)?user=\(admin.user)\(password)"
        let a = try ServerProcess(store: url)
        defer { a.stop(); a.release() }
        a.hold()
        // Both servers wait on one hold file: every task stays running until the end.
        let b = try ServerProcess(store: url, holdFile: a.holdFile, selectInventory: false)
        defer { b.stop() }

        var statuses: [Int] = []
        var firstTask: String?
        for n in 0..<6 {
            let server = n.isMultiple(of: 2) ? a : b
            let reply = try await server.request("POST", "/api/paths", json: [
                "name": "team-\(n)", "source": "i-web2", "destination": "i-app1", "protocol": "tcp", "port": 8000 + n])
            statuses.append(reply.status)
            if n == 0 { firstTask = ((try reply.json()["task"] as? [String: Any])?["task"] as? [String: Any])?["id"] as? String }
            if reply.status == 429 {
                #expect(reply.errorMessage?.contains("already runs 5 diagnostic tasks") == true)
            }
        }
        #expect(statuses == [201, 201, 201, 201, 201, 429])
        let seenByA = try await a.request("GET", "/api/paths").array().compactMap { $0["name"] as? String }
        let seenByB = try await b.request("GET", "/api/paths").array().compactMap { $0["name"] as? String }
        #expect(seenByA == (0..<5).map { "team-\($0)" } && seenByB == seenByA)
        // The CLI on the same database sees them too, and is refused the same way.
        let list = try ServerProcess.run(["path", "list", "--store", url])
        #expect(list.status == 0 && (0..<5).allSatisfy { list.stdout.contains("team-\($0)") })
        let refused = try ServerProcess.run(["path", "create", "--store", url, "--name", "cli-6", "--source", "i-web2",
                                             "--destination", "i-app1", "--protocol", "tcp", "--port", "9000"])
        #expect(refused.status == 2 && refused.stderr.contains("already runs 5 diagnostic tasks"))
        // Released, the task started through A finishes there and B shows its result.
        a.release()
        let done = try await b.waitForTask(try #require(firstTask))
        #expect(done["result"] as? String == "Unconnectable")
    }
}
