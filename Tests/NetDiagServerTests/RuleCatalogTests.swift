import Foundation
import Testing

/// `GET /api/rules` keeps its compiled rules until a rule file changes: an edit shows on the
/// next call, a broken edit drops the rule and names the file in `/api/rules/problems`, and the
/// fix shows again.
struct RuleCatalogTests {
    @Test("an edited rule shows on the next /api/rules call, without a restart")
    func editedRuleShows() async throws {
        let rules = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-rules-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: ServerProcess.rules, toPath: rules.path)
        defer { try? FileManager.default.removeItem(at: rules) }
        let server = try ServerProcess(arguments: ["--rules", rules.path])
        defer { server.stop() }
        let title = { () async throws -> String? in
            try await server.request("GET", "/api/rules").array().first { $0["id"] as? String == "route.forward" }?["title"] as? String
        }
        #expect(try await title() == "The source's route table has a usable route to the destination")
        #expect(try await title() == "The source's route table has a usable route to the destination")

        let file = rules.appendingPathComponent("route/forward.lua")
        let original = try String(contentsOf: file, encoding: .utf8)
        let edited = original.replacingOccurrences(of: "has a usable route to the destination", with: "routes to the destination")
        #expect(edited != original)
        try edited.write(to: file, atomically: false, encoding: .utf8)
        #expect(try await title() == "The source's route table routes to the destination")

        #expect(try await server.request("GET", "/api/rules/problems").array().isEmpty)
        try (edited + "\nthis is not lua (\n").write(to: file, atomically: false, encoding: .utf8)
        #expect(try await title() == nil, "a rule that no longer loads is not listed")
        let problems = try await server.request("GET", "/api/rules/problems").array()
        #expect(problems.count == 1 && problems.first?["file"] as? String == file.path)
        #expect((problems.first?["message"] as? String)?.contains("syntax error") == true && problems.first?["line"] as? Int != nil)
        try original.write(to: file, atomically: true, encoding: .utf8)
        #expect(try await title() == "The source's route table has a usable route to the destination")
        #expect(try await server.request("GET", "/api/rules/problems").array().isEmpty)
    }
}
