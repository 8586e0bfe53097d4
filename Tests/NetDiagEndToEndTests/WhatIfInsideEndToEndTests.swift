import Foundation
import Testing

/// `netdiag what-if` on the example: opening the database port to the VPC shows who newly reaches it.
@Suite struct WhatIfInsideEndToEndTests {
    /// The README's what-if example.
    static let change = Binary.root.appendingPathComponent("examples/changes/open-mysql-to-vpc.yaml").path

    @Test func openingMysqlToTheVpcShowsWhoNewlyReachesTheDatabase() throws {
        let file = Self.change
        let text = try NetDiagBinary.run(["what-if", "--inventory", Binary.exampleRegion, "--change", file, "--inside"])
        #expect(text.status == 0, "\(text.stderr)")
        // i-win1 sits on vsw-app, which nacl-db admits; the web tier stays blocked by nacl-db.
        let line = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("i-db1") && $0.contains("3306/3306") })
        #expect(line.contains("blocked") && line.contains("reachable") && line.contains("i-win1 (sg-win vsw-app)"), "\(line)")
        #expect(!line.contains("i-web1"))
        #expect(text.stdout.contains("Inside the region: 9 source/destination pairs touched (1 destination); 1 port range newly reached"))

        let json = try NetDiagBinary.run(["what-if", "--inventory", Binary.exampleRegion, "--change", file, "--inside", "--format", "json"])
        let report = try #require(try json.json() as? [String: Any])
        let inside = try #require(report["inside"] as? [String: Any])
        let rows = try #require(inside["changed"] as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["before"] as? String == "blocked" && rows.first?["after"] as? String == "reachable")
        let sources = try #require(rows.first?["sources"] as? [[String: Any]])
        #expect(sources.first?["ids"] as? [String] == ["i-win1"] && sources.first?["securityGroups"] as? [String] == ["sg-win"])
        #expect((rows.first?["causes"] as? [String])?.first?.hasPrefix("sg-db: add rule sgr-db-vpc") == true)

        let internetOnly = try NetDiagBinary.run(["what-if", "--inventory", Binary.exampleRegion, "--change", file, "--format", "json"])
        #expect((try internetOnly.json() as? [String: Any])?["inside"] == nil)
    }
}
