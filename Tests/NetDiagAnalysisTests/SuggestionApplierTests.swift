import Foundation
@testable import NetDiagAnalysis
import NetDiagEngine
import NetDiagInventory
import NetDiagModel
import Testing

/// The rounds of `--apply-suggestions`: fixes applied until none is new, each ending with a reason.
@Suite struct SuggestionApplierTests {
    /// The bundled rules plus one rule that always blocks with `fix` (a Lua table).
    static func engine(blockingWith fix: String) throws -> RuleEngine {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-fix-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
            id = "test.always-blocks"
            title = "Always blocks"
            category = "test"
            severity = "critical"
            applies_to = { side = "destination", objects = { "instance", "eni", "public-ip" } }
            description = "Blocks every path, with a fix that cannot help."
            reasons = { BLOCKED = { meaning = "always", suggestion = "nothing helps" } }
            function check(ctx)
              return fail { reason = "BLOCKED", message = "blocked", suggestion = "nothing helps", fix = \(fix) }
            end
            """.write(to: dir.appendingPathComponent("always.lua"), atomically: true, encoding: .utf8)
        return try RuleEngine(folders: [repositoryRoot.appendingPathComponent("rules").path, dir.path])
    }

    static let request = DiagnosisRequest(source: "8.8.8.8", destination: "i-web1", protocol: "tcp", port: 22)

    /// The blast radius with the bundled rules alone: the test rule would block every packet of the scan.
    static func bundled() throws -> RuleEngine { try RuleEngine(folders: [repositoryRoot.appendingPathComponent("rules").path]) }

    @Test func aFixThatDoesNotHelpIsAppliedOnceAndNamed() throws {
        let index = try WhatIfTests.example()
        let engine = try Self.engine(blockingWith: #"""
            { op = "add-security-group-rule", group = "sg-web", rule = { id = "sgr-useless", direction = "ingress",
              policy = "accept", priority = 50, protocol = "udp", portRange = "9/9", cidr = "192.0.2.1/32" } }
            """#)
        let r = try SuggestionApplier.run(Self.request, on: index, engine: engine) { try Self.bundled() }
        // Round 1 applies both fixes; the second diagnosis shows the test rule's fix did not help.
        #expect(r.rounds == 1)
        #expect(r.applied.map(\.rule) == ["security-group.ingress", "test.always-blocks"])
        #expect(r.after == "Unconnectable")
        #expect(r.blockersLeft.map(\.rule) == ["test.always-blocks"])
        #expect(r.blockersLeft.first?.whyNoFix == "its fix was applied in round 1 and the item still blocks")
    }

    @Test func aFixThatCannotApplyIsNamedAndTheOthersStillApply() throws {
        let index = try WhatIfTests.example()
        let engine = try Self.engine(blockingWith: #"{ op = "remove-security-group-rule", group = "sg-nope", rule = "r" }"#)
        let r = try SuggestionApplier.run(Self.request, on: index, engine: engine) { try Self.bundled() }
        #expect(r.applied.map(\.rule) == ["security-group.ingress"])
        #expect(r.blockersLeft.first?.whyNoFix.contains("its fix cannot be applied") == true)
        #expect(r.blockersLeft.first?.whyNoFix.contains("no security group 'sg-nope'") == true)
        #expect(r.blastRadius?.changed.map(\.ports) == ["22/22"])
        #expect(r.edits.count == 1)
    }

    @Test func aFixThatChangesNothingStopsTheLoop() throws {
        let index = try WhatIfTests.example()
        // Setting a rule's priority to the number it has: the inventory stays as it is.
        let priority = try #require(index.inventory.securityGroups.first { $0.id == "sg-web" }?.rules.first { $0.id == "sgr-web-http" }?.priority)
        let engine = try Self.engine(blockingWith: #"{ op = "modify-security-group-rule", group = "sg-web", rule = "sgr-web-http", set = { priority = \#(priority) } }"#)
        let r = try SuggestionApplier.run(Self.request, on: index, engine: engine) { try Self.bundled() }
        #expect(r.blockersLeft.first { $0.rule == "test.always-blocks" }?.whyNoFix == "its fix changes nothing in the inventory")
        #expect(!r.applied.contains { $0.rule == "test.always-blocks" })
    }
}
