import Foundation
@testable import NetDiagAnalysis
import NetDiagEngine
import NetDiagInventory
import NetDiagModel
import Testing

@Suite struct SnapshotDiffTests {
    static func rules() throws -> RuleEngine { try RuleEngine(folders: [repositoryRoot.appendingPathComponent("rules").path]) }

    @Test func wideningTheHttpsRuleAndEntryNamesBothAsCauses() throws {
        let old = try WhatIfTests.example()
        let yaml = """
            - op: modify-security-group-rule
              group: sg-web
              rule: sgr-web-https
              set: {portRange: 443/444}
            - op: modify-acl-entry
              acl: nacl-web
              direction: ingress
              entry: nae-web-in-3
              set: {portRange: 443/444}
            """
        let changes = try ChangeFile.parse(yaml, file: "c.yaml", inventory: old.inventory)
        let new = InventoryIndex(try ChangeApplier.apply(changes, to: old.inventory))
        let report = try SnapshotDiff.run(old: old, new: new, names: ("old", "new"), makeEngine: Self.rules)
        #expect(report.changed.count == 1)
        let row = try #require(report.changed.first)
        #expect(row.destination == "i-web1" && row.ports == "444/444" && row.before == .blocked)
        // Nothing listens on 444: the cloud lets it in, the guest does not.
        #expect(row.after == .guestBlocked)
        #expect(row.causes == ["sg-web: sgr-web-https modified", "nacl-web ingress: nae-web-in-3 modified"])
        // The same edits as a what-if give the same change.
        let whatIf = try WhatIfAnalyzer.run(changes, on: old, makeEngine: Self.rules)
        #expect(whatIf.changed.map(WhatIfTests.key) == report.changed.map(WhatIfTests.key))
    }

    @Test func identicalInventoriesDiffToNothing() throws {
        let index = try WhatIfTests.example()
        #expect(try SnapshotDiff.run(old: index, new: index, names: ("a", "a"), makeEngine: Self.rules).changed.isEmpty)
    }

    @Test func aDisabledDnatEntryIsNamedAsTheCause() throws {
        let old = try WhatIfTests.example()
        var inv = old.inventory
        // The DNAT entry to i-app1 is disabled on the gateway: the diff sees the DNAT list change.
        let g = try #require(inv.natGateways.firstIndex { $0.dnatEntries.contains { $0.id == "fwd-app1-ssh" } })
        let e = try #require(inv.natGateways[g].dnatEntries.firstIndex { $0.id == "fwd-app1-ssh" })
        inv.natGateways[g].dnatEntries[e].status = "Pending"
        let report = try SnapshotDiff.run(old: old, new: InventoryIndex(inv), names: ("a", "b"), makeEngine: Self.rules)
        let row = try #require(report.changed.first { $0.destination == "i-app1" })
        #expect(row.after == .blocked)
        #expect(row.causes == ["DNAT to \(try #require(old.instances["i-app1"]).privateIps[0]): fwd-app1-ssh modified"])
    }
}

@Suite struct PathVerdictDiffTests {
    @Test func aRemovedRuleTurnsAStoredPathUnconnectableAndIsNamed() throws {
        let old = try WhatIfTests.example()
        let changes = try ChangeFile.parse("- op: remove-security-group-rule\n  group: sg-web\n  rule: sgr-web-https\n",
                                           file: "c.yaml", inventory: old.inventory)
        let new = InventoryIndex(try ChangeApplier.apply(changes, to: old.inventory))
        let (e1, e2) = (try SnapshotDiffTests.rules(), try SnapshotDiffTests.rules())
        try e1.bind(old)
        try e2.bind(new)
        let paths: [(id: String, request: DiagnosisRequest)] = [
            ("p-https", DiagnosisRequest(source: "8.8.8.8", destination: "i-web1", protocol: "tcp", port: 443, vpcId: "vpc-prod")),
            ("p-db", DiagnosisRequest(source: "i-app1", destination: "i-db1", protocol: "tcp", port: 3306, vpcId: "vpc-prod")),
            ("p-gone", DiagnosisRequest(source: "i-app1", destination: "i-nope", protocol: "tcp", port: 22, vpcId: "vpc-prod")),
        ]
        let changed = PathVerdictDiff.run(paths, old: e1, new: e2, oldIndex: old, newIndex: new)
        #expect(changed.map(\.path) == ["p-https"])
        let https = try #require(changed.first)
        #expect(https.before == "Normal" && https.after == "Unconnectable")
        #expect(https.blockersAfter.contains { $0.hasPrefix("security-group.ingress") })
        #expect(https.causes == ["sg-web: sgr-web-https removed"])
    }
}

@Suite struct WhatIfPathTests {
    /// README: i-web2 → i-app1 tcp 8080 has two blockers; removing the drop rule leaves the listener.
    @Test func removingOneOfTwoBlockersLeavesThePathUnconnectableByTheOther() throws {
        let old = try WhatIfTests.example()
        let changes = try ChangeFile.parse("- op: remove-security-group-rule\n  group: sg-app\n  rule: sgr-app-deny-web2\n",
                                           file: "c.yaml", inventory: old.inventory)
        let new = InventoryIndex(try ChangeApplier.apply(changes, to: old.inventory))
        let (e1, e2) = (try SnapshotDiffTests.rules(), try SnapshotDiffTests.rules())
        try e1.bind(old)
        try e2.bind(new)
        let request = DiagnosisRequest(source: "i-web2", destination: "i-app1", protocol: "tcp", port: 8080, vpcId: "vpc-prod")
        let before = try e1.diagnose(request)
        #expect(before.blockers.map(\.rule).sorted() == ["guest-os.port-listening", "security-group.ingress"])
        let p = PathVerdictDiff.compare("p", request, old: e1, new: e2, oldIndex: old, newIndex: new)
        #expect(p.before == "Unconnectable" && p.after == "Unconnectable")
        #expect(p.blockersAfter == ["guest-os.port-listening: PORT_LOOPBACK_ONLY"])
        #expect(p.causes == ["sg-app: sgr-app-deny-web2 removed"])
    }
}
