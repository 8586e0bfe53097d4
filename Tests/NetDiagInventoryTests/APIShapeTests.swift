import Foundation
import Testing
@testable import NetDiagInventory
import NetDiagModel

/// Response shapes seen in real regions (issue 12): DNAT port ranges, security group rules
/// with priorities above 100, port lists, and prefix list entries from their attribute responses.
@Suite("Real API response shapes")
struct APIShapeTests {
    /// The minimal folder with `extra` files added or replaced.
    private func load(_ extra: [String: String]) throws -> LoadedInventory {
        var files = minimalFiles()
        for (name, text) in extra { files[name] = text }
        let folder = try TempFolder(files)
        defer { folder.remove() }
        return try InventoryLoader.load(path: folder.url)
    }

    private func errors(_ extra: [String: String]) throws -> [InventoryIssue] {
        var files = minimalFiles()
        for (name, text) in extra { files[name] = text }
        let folder = try TempFolder(files)
        defer { folder.remove() }
        return try #require(loadError(folder.url)).errors
    }

    private static func nat(_ outer: String, _ inner: String) -> [String: String] {
        ["DescribeNatGateways.json": #"{"NatGateways":{"NatGateway":[{"NatGatewayId":"ngw-1","VpcId":"vpc-1","IpLists":{"IpList":[{"IpAddress":"47.1.1.1"}]},"ForwardTableIds":{"ForwardTableId":["ftb-1"]}}]}}"#,
         "DescribeForwardTableEntries/ftb-1.json": #"{"ForwardTableEntries":{"ForwardTableEntry":[{"ForwardEntryId":"fwd-1","ExternalIp":"47.1.1.1","ExternalPort":"\#(outer)","InternalIp":"10.0.1.5","InternalPort":"\#(inner)","IpProtocol":"TCP"}]}}"#]
    }

    @Test func dnatPortRangesLoad() throws {
        let loaded = try load(Self.nat("26804/26810", "36804/36810"))
        let entry = try #require(loaded.inventory.natGateways.first?.dnatEntries.first)
        #expect(entry.externalPort == "26804/26810")
        #expect(entry.internalPort == "36804/36810")
    }

    @Test func dnatRangesOfDifferentLengthsAreAnError() throws {
        let errors = try errors(Self.nat("26804/26810", "36804/36805"))
        #expect(errors.contains {
            $0.file == "DescribeForwardTableEntries/ftb-1.json" && $0.location.hasSuffix(".InternalPort")
                && $0.message.contains("holds 2 ports but externalPort \"26804/26810\" holds 7")
        }, "\(errors)")
    }

    private static func group(_ permissions: String) -> [String: String] {
        ["DescribeSecurityGroupAttribute/sg-1.json": #"{"SecurityGroupId":"sg-1","Permissions":{"Permission":[\#(permissions)]}}"#]
    }

    @Test func prioritiesAbove100LoadWithAWarning() throws {
        let loaded = try load(Self.group(#"""
            {"SecurityGroupRuleId":"sgr-sys","Direction":"ingress","Policy":"Drop","Priority":110,"IpProtocol":"ALL","PortRange":"-1/-1","SourceCidrIp":"0.0.0.0/0"},
            {"SecurityGroupRuleId":"sgr-str","Direction":"ingress","Policy":"Accept","Priority":"120","IpProtocol":"TCP","PortRange":"22/22","SourceCidrIp":"0.0.0.0/0"}
            """#))
        let rules = try #require(loaded.inventory.securityGroups.first?.rules)
        #expect(rules.map(\.id) == ["sgr-sys", "sgr-str"])
        #expect(rules.map(\.priority) == [110, 120])
        let warnings = loaded.warnings.filter { $0.message.contains("outside the documented 1 to 100") }
        #expect(warnings.count == 2, "\(loaded.warnings)")
        #expect(warnings.first?.file == "DescribeSecurityGroupAttribute/sg-1.json")
        #expect(warnings.first?.location == "$.Permissions.Permission[0].Priority")
        #expect(warnings.first?.message.contains("rule sgr-sys has priority 110") == true)
    }

    @Test func priorityZeroIsStillAnError() throws {
        let errors = try errors(Self.group(#"{"SecurityGroupRuleId":"sgr-0","Direction":"ingress","Policy":"Accept","Priority":0,"IpProtocol":"TCP","PortRange":"22/22","SourceCidrIp":"0.0.0.0/0"}"#))
        #expect(errors.contains {
            $0.location == "$.Permissions.Permission[0].Priority" && $0.message.hasPrefix("invalid priority 0, expected 1 to 100")
        }, "\(errors)")
    }
}
