import Foundation
import Testing
import NetDiagEngine
import NetDiagModel

/// The engine keeps the last destination's `ctx.destination` table for the next diagnosis to it
/// (scans send thousands of packets to one destination in a row); nothing a rule does, and no
/// change of destination or inventory, may show through it.
@Suite struct DestinationReuseTests {
    static let reporter = EngineFixtures.rule("reporter", check: """
        local groups = {}
        for _, g in ipairs(ctx.destination.securityGroups) do groups[#groups + 1] = g.id end
        local ok = pcall(function() ctx.destination.mark = "left by a rule" end)
        return pass { reason = "OK", message = "seen",
          evidence = { destination = ctx.destination.id, ip = ctx.destination.ip, groups = table.concat(groups, ","),
                       port = ctx.path.port, source = ctx.source.id, mark = tostring(ctx.destination.mark),
                       wrote = tostring(ok) } }
        """)

    static func evidence(_ d: Diagnosis) -> [String: DataValue] { d.finding("reporter")?.evidence ?? [:] }

    @Test func consecutiveDiagnosesSeeTheirOwnDestinationAndPacket() throws {
        let folder = try EngineFixtures.folder(["reporter.lua": Self.reporter])
        let engine = try RuleEngine(folders: [folder])
        try engine.bind(InventoryIndex(EngineFixtures.inventory))
        let requests = [("i-a", "i-b", 22), ("i-a", "i-b", 80), ("i-b", "i-a", 22), ("i-a", "eni-b", 443), ("i-a", "i-b", 8080)]
        for (source, destination, port) in requests {
            let request = DiagnosisRequest(source: source, destination: destination, protocol: "tcp", port: port)
            let fresh = try RuleEngine(folders: [folder])
            try fresh.bind(InventoryIndex(EngineFixtures.inventory))
            let seen = Self.evidence(try engine.diagnose(request))
            #expect(seen == Self.evidence(try fresh.diagnose(request)))
            #expect(seen["destination"] == .string(destination))
            #expect(seen["port"] == .int(port))
            #expect(seen["source"] == .string(source))
            // The kept table is read-only: the write of the previous diagnosis never landed.
            #expect(seen["mark"] == .string("nil"))
            #expect(seen["wrote"] == .string("false"))
        }
    }

    @Test func bindingAnotherInventoryForgetsTheKeptDestination() throws {
        let engine = try RuleEngine(folders: [try EngineFixtures.folder(["reporter.lua": Self.reporter])])
        try engine.bind(InventoryIndex(EngineFixtures.inventory))
        let before = Self.evidence(try engine.diagnose(EngineFixtures.request))
        #expect(before["ip"] == .string("10.0.1.11"))
        #expect(before["groups"] == .string("sg-1"))
        var changed = EngineFixtures.inventory
        changed.securityGroups.append(SecurityGroup(id: "sg-2", type: .normal, vpcId: "vpc-1"))
        let b = changed.networkInterfaces.firstIndex { $0.id == "eni-b" }!
        changed.networkInterfaces[b].primaryIp = "10.0.1.99"
        changed.networkInterfaces[b].privateIps = ["10.0.1.99"]
        changed.networkInterfaces[b].securityGroupIds = ["sg-1", "sg-2"]
        try engine.bind(InventoryIndex(changed))
        let after = Self.evidence(try engine.diagnose(EngineFixtures.request))
        #expect(after["ip"] == .string("10.0.1.99"))
        #expect(after["groups"] == .string("sg-1,sg-2"))
    }
}
