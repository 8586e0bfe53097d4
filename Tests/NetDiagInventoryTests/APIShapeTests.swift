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
}
