import Foundation
import Testing

/// `diagnose --apply-suggestions` through the built binary on examples/region: blocked paths
/// made Normal by their fixes, the blast radius they open, a blocker with no fix, and the change
/// file that reproduces the result in what-if.
@Suite struct ApplySuggestionsEndToEndTests {
    static func run(_ source: String, _ destination: String, _ proto: String, _ port: String, _ extra: [String] = []) throws -> Binary.Output {
        try NetDiagBinary.run(["diagnose", "--inventory", Binary.exampleRegion, "--rules", Binary.root.appendingPathComponent("rules").path,
                               "--source", source, "--destination", destination, "--protocol", proto, "--port", port,
                               "--apply-suggestions"] + extra)
    }

    static func json(_ out: Binary.Output) throws -> [String: Any] { try #require(try out.json() as? [String: Any]) }

    @Test func anInternetPathOpenedByItsFixShowsTheNewlyExposedRow() throws {
        let out = try Self.run("8.8.8.8", "i-web1", "tcp", "22", ["--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let r = try Self.json(out)
        #expect(r["before"] as? String == "Unconnectable" && r["after"] as? String == "Normal")
        let applied = try #require(r["applied"] as? [[String: Any]])
        #expect(applied.map { $0["rule"] as? String } == ["security-group.ingress"])
        let edit = try #require(applied.first?["edit"] as? [String: Any])
        let rule = try #require(edit["rule"] as? [String: Any])
        #expect(edit["op"] as? String == "add-security-group-rule" && edit["group"] as? String == "sg-web")
        #expect(rule["cidr"] as? String == "8.8.8.8/32" && rule["portRange"] as? String == "22/22" && rule["policy"] as? String == "accept")
        // Only i-web1 (the group's member with a public address) is newly reached, and only by that host.
        let changed = try #require((r["blastRadius"] as? [String: Any])?["changed"] as? [[String: Any]])
        #expect(changed.count == 1)
        #expect(changed.first?["destination"] as? String == "i-web1" && changed.first?["ports"] as? String == "22/22")
        #expect(changed.first?["sources"] as? [String] == ["8.8.8.8/32"])
        #expect(changed.first?["before"] as? String == "blocked" && changed.first?["after"] as? String == "reachable")
        #expect((r["blockersLeft"] as? [Any])?.isEmpty == true)
        #expect((r["report"] as? [String: Any])?["result"] as? String == "Normal")
    }

    /// With --inside the blast radius also shows the region's own pairs the fixes move: opening
    /// i-db1's group and ACL for i-bastion moves that pair to guest-blocked (its MYSQL chain still
    /// rejects it), which the internet part cannot show; without --apply-suggestions it is refused.
    @Test func insideShowsThePairsTheFixesMove() throws {
        let out = try Self.run("i-bastion", "i-db1", "tcp", "3306", ["--inside", "--format", "json"])
        #expect(out.status == 1, "\(out.stderr)")
        let r = try Self.json(out)
        let inside = try #require((r["blastRadius"] as? [String: Any])?["inside"] as? [String: Any])
        let changed = try #require(inside["changed"] as? [[String: Any]])
        let row = try #require(changed.first { $0["destination"] as? String == "i-db1" })
        #expect(row["ports"] as? String == "3306/3306" && row["before"] as? String == "blocked" && row["after"] as? String == "guest-blocked")
        #expect(((row["sources"] as? [[String: Any]])?.first?["ids"] as? [String]) == ["i-bastion"])
        let refused = try NetDiagBinary.run(["diagnose", "--inventory", Binary.exampleRegion, "--source", "i-bastion",
                                            "--destination", "i-db1", "--protocol", "tcp", "--port", "3306", "--inside"])
        #expect(refused.status == 2 && refused.stderr.contains("--inside needs --apply-suggestions"), "\(refused.stderr)")
    }

    @Test func forwardAndReturnFixesTogetherMakeAPathNormal() throws {
        let out = try Self.run("i-web1", "8.8.8.8", "udp", "53")
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        #expect(out.stdout.contains("Path i-web1 → 8.8.8.8 udp/53: Unconnectable before, Normal after the suggested edits"))
        #expect(out.stdout.contains("nacl-web: add egress entry nae-netdiag-egress-udp-53-53-8-8-8-8"))
        #expect(out.stdout.contains("fixes network-acl.return-ingress (ACL_RETURN_INGRESS_DENIED)"))
        #expect(out.stdout.contains("Nothing the internet reaches changed."))
    }

    @Test func aBlockerWithoutAFixIsNamedWithWhy() throws {
        let out = try Self.run("i-web2", "i-app1", "tcp", "8080", ["--format", "json"])
        #expect(out.status == 1)
        let r = try Self.json(out)
        #expect(r["before"] as? String == "Unconnectable" && r["after"] as? String == "Unconnectable")
        #expect((r["applied"] as? [Any])?.isEmpty == true && r["blastRadius"] == nil)
        let left = try #require(r["blockersLeft"] as? [[String: Any]])
        #expect(Set(left.compactMap { $0["rule"] as? String }) == ["security-group.ingress", "guest-os.port-listening"])
        #expect(left.allSatisfy { ($0["whyNoFix"] as? String)?.contains("no fix") == true })
        let sg = left.first { $0["rule"] as? String == "security-group.ingress" }
        #expect((sg?["suggestion"] as? String)?.contains("sgr-app-deny-web2") == true)

        // Fixed in part: the cloud's blockers go, the guest's stays and keeps the path Unconnectable.
        let db = try Self.run("i-web1", "i-db1", "tcp", "3306")
        #expect(db.status == 1)
        #expect(db.stdout.contains("Unconnectable before, Unconnectable after"))
        #expect(db.stdout.contains("guest-os.firewall-inbound (IPTABLES_INPUT_REJECTED)"))
        #expect(db.stdout.contains("no fix applied: the rule gives no fix"))
    }

    @Test func theWrittenChangeFileReproducesTheResultInWhatIf() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-fix-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        let out = try Self.run("8.8.8.8", "i-web1", "tcp", "22", ["--write-changes", file.path, "--format", "json"])
        #expect(out.status == 0)
        #expect(out.stderr.contains("wrote 1 edit to \(file.path)"))
        let whatIf = try NetDiagBinary.run(["what-if", "--inventory", Binary.exampleRegion, "--rules", Binary.root.appendingPathComponent("rules").path,
                                            "--change", file.path, "--source", "8.8.8.8", "--destination", "i-web1",
                                            "--protocol", "tcp", "--port", "22", "--format", "json"])
        #expect(whatIf.status == 0, "\(whatIf.stderr)")
        let w = try Self.json(whatIf)
        #expect((w["path"] as? [String: Any])?["after"] as? String == "Normal")
        let changed = (w["blastRadius"] as? [String: Any])?["changed"] as? [[String: Any]]
        let suggested = (try Self.json(out)["blastRadius"] as? [String: Any])?["changed"] as? [[String: Any]]
        #expect(changed?.map { "\($0["destination"]!) \($0["ports"]!) \($0["after"]!)" } == suggested?.map { "\($0["destination"]!) \($0["ports"]!) \($0["after"]!)" })

        let refused = try NetDiagBinary.run(["diagnose", "--inventory", Binary.exampleRegion, "--source", "i-web1", "--destination", "i-app1",
                                             "--protocol", "tcp", "--port", "80", "--write-changes", file.path])
        #expect(refused.status == 2 && refused.stderr.contains("--write-changes needs --apply-suggestions"))
        let nothing = try Self.run("i-web2", "i-app1", "tcp", "8080", ["--write-changes", file.path + ".none"])
        #expect(nothing.status == 2 && nothing.stderr.contains("no edit was applied"))
    }
}
