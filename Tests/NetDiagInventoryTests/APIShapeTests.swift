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
        let single = try self.errors(Self.nat("26804/26810", "36804/36804"))
        #expect(single.contains { $0.message.contains("holds 1 port but externalPort") }, "\(single)")
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

    /// A copy of another group's attribute response under this group's name must not give this
    /// group that group's rules (an accept-all of the other group would open this one).
    @Test func anAttributeResponseForAnotherGroupIsNotLoaded() throws {
        let loaded = try load(["DescribeSecurityGroupAttribute/sg-1.json":
            #"{"SecurityGroupId":"sg-9","Permissions":{"Permission":[{"SecurityGroupRuleId":"sgr-other","Direction":"ingress","Policy":"Accept","Priority":1,"IpProtocol":"ALL","PortRange":"-1/-1","SourceCidrIp":"0.0.0.0/0"}]}}"#])
        let group = try #require(loaded.inventory.securityGroups.first { $0.id == "sg-1" })
        #expect(group.rules.isEmpty)
        #expect(group.rulesMissing == "DescribeSecurityGroupAttribute/sg-1.json answers for sg-9")
        #expect(loaded.warnings.contains {
            $0.file == "DescribeSecurityGroupAttribute/sg-1.json" && $0.message == "the response is for sg-9, not sg-1; its rules are not loaded"
        }, "\(loaded.warnings)")
    }

    // MARK: Port lists

    private static let listRule = #"{"SecurityGroupRuleId":"sgr-list","Direction":"ingress","Policy":"Accept","Priority":1,"IpProtocol":"TCP","PortRange":"-1/-1","PortRangeListId":"prl-1","SourceCidrIp":"0.0.0.0/0"}"#

    @Test func portListsInEveryShape() throws {
        var files = Self.group(Self.listRule)
        files["DescribePortRangeLists.json"] = #"{"RequestId":"r","PortRangeLists":{"PortRangeList":[{"PortRangeListId":"prl-1","PortRangeListName":"web","AddressFamily":"IPv4","MaxEntries":10}]}}"#
        files["DescribePortRangeListEntries/prl-1/1.json"] = #"{"RequestId":"r1","Entries":[{"PortRange":"80/80","Description":"http"}]}"#
        files["DescribePortRangeListEntries/prl-1/2.json"] = #"{"RequestId":"r2","Entries":{"Entry":[{"PortRange":"8000/8010"}]}}"#
        let loaded = try load(files)
        let list = try #require(loaded.inventory.portRangeLists.first)
        #expect(list.id == "prl-1" && list.name == "web" && list.addressFamily == "IPv4")
        #expect(list.ranges.map(\.description) == ["80/80", "8000/8010"])
        let rule = try #require(loaded.inventory.securityGroups.first?.rules.first)
        #expect(rule.portRangeListId == "prl-1")
        #expect(rule.portRange.isAny)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    }

    @Test func flatListOfPortListsAndNoPortRangeOnTheRule() throws {
        var files = Self.group(#"{"SecurityGroupRuleId":"sgr-list","Direction":"egress","Policy":"Drop","IpProtocol":"UDP","PortRangeListId":"prl-1","DestCidrIp":"0.0.0.0/0"}"#)
        files["DescribePortRangeLists/1.json"] = #"{"PortRangeLists":[{"PortRangeListId":"prl-1"}]}"#
        files["DescribePortRangeListEntries/prl-1.json"] = #"{"Entries":[{"PortRange":"53/53"}]}"#
        let loaded = try load(files)
        #expect(loaded.inventory.portRangeLists.first?.ranges.map(\.description) == ["53/53"])
        #expect(loaded.inventory.securityGroups.first?.rules.first?.portRangeListId == "prl-1")
    }

    @Test func portListWithoutEntriesIsLeftOutWithAWarning() throws {
        var files = Self.group(Self.listRule)
        files["DescribePortRangeLists.json"] = #"{"PortRangeLists":{"PortRangeList":[{"PortRangeListId":"prl-1"}]}}"#
        let loaded = try load(files)
        #expect(loaded.inventory.portRangeLists.isEmpty)
        #expect(loaded.warnings.contains {
            $0.file == "DescribePortRangeListEntries/prl-1.json" && $0.message.contains("port list has no entries file")
        }, "\(loaded.warnings)")
        // The rule stays, naming the missing list: the rules report it undecidable.
        #expect(loaded.warnings.contains {
            $0.location == "$.Permissions.Permission[0].PortRangeListId" && $0.message.contains("names port list prl-1, which does not exist")
        }, "\(loaded.warnings)")
    }

    @Test func badPortListEntriesNameTheFileAndPath() throws {
        var files = Self.group(Self.listRule)
        files["DescribePortRangeLists.json"] = #"{"PortRangeLists":{"PortRangeList":[{"PortRangeListId":"prl-1"}]}}"#
        files["DescribePortRangeListEntries/prl-1.json"] = #"{"Entries":{"Entry":[{"PortRange":"70000/70001"},{"PortRange":"-1/-1"}]}}"#
        let errors = try errors(files)
        #expect(errors.contains {
            $0.file == "DescribePortRangeListEntries/prl-1.json" && $0.location == "$.Entries.Entry[0].PortRange"
                && $0.message == #"invalid value "70000/70001", expected a port range start/end with 1 ≤ start ≤ end ≤ 65535 (a port list entry cannot be -1/-1)"#
        }, "\(errors)")
        #expect(errors.contains {
            $0.location == "$.Entries.Entry[1].PortRange" && $0.message.contains("cannot be -1/-1")
        }, "\(errors)")
    }

    @Test func entriesOfAnUnlistedPortListAreIgnoredWithAWarning() throws {
        let loaded = try load(["DescribePortRangeListEntries/prl-9.json": #"{"Entries":[{"PortRange":"80/80"}]}"#])
        #expect(loaded.inventory.portRangeLists.isEmpty)
        #expect(loaded.warnings.contains { $0.file == "DescribePortRangeListEntries/prl-9.json" && $0.message.contains("no such resource") })
    }

    // MARK: Prefix lists

    @Test func prefixListEntriesFromTheAttributeResponse() throws {
        let loaded = try load([
            "DescribePrefixLists.json": #"{"PrefixLists":{"PrefixList":[{"PrefixListId":"pl-1","PrefixListName":"office","AddressFamily":"IPv4","MaxEntries":20}]}}"#,
            "DescribePrefixListAttributes/pl-1.json": #"{"RequestId":"r","PrefixListId":"pl-1","PrefixListName":"office","AddressFamily":"IPv4","MaxEntries":20,"Description":"","Entries":{"Entry":[{"Cidr":"203.0.113.0/24","Description":"hq"},{"Cidr":"198.51.100.16/28"}]}}"#,
            "DescribePrefixListAttributes/pl-2.json": #"{"PrefixListId":"pl-2","PrefixListName":"partners","Entries":[{"Cidr":"192.0.2.0/24"}]}"#,
        ])
        let lists = loaded.inventory.prefixLists
        #expect(lists.map(\.id) == ["pl-1", "pl-2"])
        #expect(lists.first?.name == "office")
        #expect(lists.first?.cidrs == ["203.0.113.0/24", "198.51.100.16/28"])
        #expect(lists.last?.cidrs == ["192.0.2.0/24"])
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    }

    @Test func inlineEntriesStillRead() throws {
        let loaded = try load(["DescribePrefixLists.json": #"{"PrefixLists":{"PrefixList":[{"PrefixListId":"pl-1","Entries":{"Entry":[{"Cidr":"10.9.0.0/16"}]}}]}}"#])
        #expect(loaded.inventory.prefixLists.first?.cidrs == ["10.9.0.0/16"])
    }

    @Test func prefixListWithoutEntriesIsLeftOutWithAWarning() throws {
        let loaded = try load(["DescribePrefixLists.json": #"{"PrefixLists":{"PrefixList":[{"PrefixListId":"pl-1","PrefixListName":"office"}]}}"#])
        #expect(loaded.inventory.prefixLists.isEmpty)
        #expect(loaded.warnings.contains {
            $0.file == "DescribePrefixListAttributes/pl-1.json" && $0.message.contains("prefix list has no entries")
        }, "\(loaded.warnings)")
    }

    /// An attribute file holding another list's answer (a copy under the wrong name) is not
    /// used for this list: its blocks would decide rules on the wrong addresses.
    @Test func anAttributeResponseForAnotherListIsIgnored() throws {
        let loaded = try load([
            "DescribePrefixLists.json": #"{"PrefixLists":{"PrefixList":[{"PrefixListId":"pl-1","Entries":{"Entry":[{"Cidr":"10.9.0.0/16"}]}},{"PrefixListId":"pl-2"}]}}"#,
            "DescribePrefixListAttributes/pl-1.json": #"{"PrefixListId":"pl-9","Entries":{"Entry":[{"Cidr":"0.0.0.0/0"}]}}"#,
            "DescribePrefixListAttributes/pl-2.json": #"{"PrefixListId":"pl-9","Entries":{"Entry":[{"Cidr":"0.0.0.0/0"}]}}"#,
        ])
        #expect(loaded.inventory.prefixLists.map(\.id) == ["pl-1"])
        #expect(loaded.inventory.prefixLists.first?.cidrs == ["10.9.0.0/16"])
        #expect(loaded.warnings.contains {
            $0.file == "DescribePrefixListAttributes/pl-1.json" && $0.message == "the response is for pl-9, not pl-1; the file is ignored"
        }, "\(loaded.warnings)")
        #expect(loaded.warnings.contains { $0.file == "DescribePrefixListAttributes/pl-2.json" && $0.message.contains("prefix list has no entries") },
                "\(loaded.warnings)")
    }

    @Test func badCidrInAnAttributeResponseNamesItsPath() throws {
        let errors = try errors(["DescribePrefixListAttributes/pl-1.json": #"{"PrefixListId":"pl-1","Entries":{"Entry":[{"Cidr":"203.0.113/24"}]}}"#])
        #expect(errors.contains {
            $0.file == "DescribePrefixListAttributes/pl-1.json" && $0.location == "$.Entries.Entry[0].Cidr"
                && $0.message.contains("invalid CIDR \"203.0.113/24\"")
        }, "\(errors)")
    }

    // MARK: The YAML format

    @Test func portListsRoundTripThroughYAMLAndRejectEveryPort() throws {
        var inventory = Inventory()
        inventory.vpcs = [VPC(id: "vpc-1", cidr: "10.0.0.0/16")]
        inventory.portRangeLists = [PortRangeList(id: "prl-1", name: "web", ranges: [try #require(PortRange("80/80"))])]
        let folder = try TempFolder(["inventory.yaml": try InventoryExporter.yaml(inventory)])
        defer { folder.remove() }
        #expect(try InventoryLoader.load(path: folder.url).inventory.portRangeLists == inventory.portRangeLists)

        inventory.portRangeLists[0].ranges.append(.any)
        try folder.write("inventory.yaml", try InventoryExporter.yaml(inventory))
        let errors = try #require(loadError(folder.url)).errors
        #expect(errors.contains {
            $0.location == "portRangeLists[0].ranges[1]" && $0.message.contains("invalid port range -1/-1 in port list prl-1")
        }, "\(errors)")
    }
}
