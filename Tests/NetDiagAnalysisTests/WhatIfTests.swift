import Foundation
@testable import NetDiagAnalysis
import NetDiagBenchmarkSupport
import NetDiagEngine
import NetDiagInventory
import NetDiagModel
import Testing

@Suite struct WhatIfTests {
    static func example() throws -> InventoryIndex {
        InventoryIndex(try InventoryLoader.load(path: repositoryRoot.appendingPathComponent("examples/region")).inventory)
    }

    static func key(_ r: ChangedRow) -> String { "\(r.destination) \(r.protocol) \(r.ports) \(r.sources) \(r.before)>\(r.after)" }

    /// The blast radius, scanning only touched destinations, equals the difference of two full scans.
    @Test func smallRegionBlastRadiusEqualsTheDiffOfTwoFullScans() throws {
        let index = try loadGenerated(.small, seed: 42)
        let full = try ExposureScanner(engine: try boundEngine(index), index: index).scan(from: SourceScope("internet", index: index))
        let exposed = try #require(full.rows.first { $0.kind == "instance" && $0.status != .guestBlocked })
        let d = try #require(index.instances[exposed.destination])
        let group = d.securityGroupIds[0]
        let other = try #require(index.inventory.securityGroups.first { !d.securityGroupIds.contains($0.id) && !$0.rules.isEmpty })
        let eip = try #require(index.inventory.instances.first { $0.eip != nil && $0.id != d.id }?.eip)
        let yaml = """
            - op: add-security-group-rule
              group: \(group)
              rule: {id: sgr-what-if, direction: ingress, policy: accept, priority: 1, protocol: tcp, portRange: 7000/7100, cidr: 0.0.0.0/0}
            - op: modify-security-group-rule
              group: \(group)
              rule: sgr-what-if
              set: {portRange: 7000/7200, cidr: 198.51.100.0/24}
            - op: remove-security-group-rule
              group: \(other.id)
              rule: \(other.rules[0].id)
            - op: unbind-eip
              ip: \(eip)
            """
        let changes = try ChangeFile.parse(yaml, file: "change.yaml", inventory: index.inventory)
        let report = try WhatIfAnalyzer.run(changes, on: index) { try RuleEngine(folders: [repositoryRoot.appendingPathComponent("rules").path]) }
        let after = InventoryIndex(try ChangeApplier.apply(changes, to: index.inventory))
        let fullAfter = try ExposureScanner(engine: try boundEngine(after), index: after).scan(from: SourceScope("internet", index: after))
        let expected = RowDiff.diff(before: full.rows, after: fullAfter.rows) { _ in [] }
        #expect(!expected.isEmpty)
        #expect(Set(report.changed.map(Self.key)) == Set(expected.map(Self.key)))
        #expect(report.changed.contains { $0.destination == d.id && $0.ports == "7000/7200" && $0.after != .blocked })
        #expect(report.touched.count < ExposureScanner.destinations(index).count)
    }

    @Test func bindingAnEipExposesTheWebServer() throws {
        let index = try Self.example()
        let changes = try ChangeFile.parse("- op: bind-eip\n  ip: 47.96.99.9\n  to: i-web2\n", file: "c.yaml", inventory: index.inventory)
        let report = try WhatIfAnalyzer.run(changes, on: index) { try RuleEngine(folders: [repositoryRoot.appendingPathComponent("rules").path]) }
        #expect(report.touched == ["i-web2"])
        #expect(report.changed.map(\.ports) == ["80/80", "443/443"])
        #expect(report.changed.allSatisfy { $0.before == .blocked && $0.after == .unverified && $0.causes == ["bind EIP 47.96.99.9 to i-web2"] })
    }

    @Test func badEditsNameTheEditAndTheField() throws {
        let inv = try Self.example().inventory
        let cases: [(String, String)] = [
            ("- op: remove-security-group-rule\n  group: sg-nope\n  rule: x\n", "no security group 'sg-nope'"),
            ("- op: frobnicate\n", "unknown op 'frobnicate'"),
            ("- op: add-security-group-rule\n  group: sg-web\n  rule: {id: r, direction: ingress, policy: accept, priority: 1, protocol: tcp, portRange: 70000/70000, cidr: 0.0.0.0/0}\n",
             "field 'portRange'"),
            ("- op: modify-security-group-rule\n  group: sg-web\n  rule: sgr-web-http\n  set: {prot: udp}\n", "'set.prot' cannot be set"),
            ("- op: add-acl-entry\n  acl: nacl-web\n  direction: sideways\n  entry: {}\n", "ingress or egress"),
            ("just text", "expected a YAML list"),
        ]
        for (yaml, says) in cases {
            do {
                let changes = try ChangeFile.parse(yaml, file: "c.yaml", inventory: inv)
                _ = try ChangeApplier.apply(changes, to: inv)
                Issue.record("accepted: \(yaml)")
            } catch {
                #expect(error.description.contains(says), "\(error)")
                #expect(error.description.contains("c.yaml") || says.contains("sg-nope"), "\(error)")
            }
        }
    }
}
