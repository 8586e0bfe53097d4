import Foundation
import Testing
@testable import NetDiagInventory
import NetDiagModel

@Suite("Reading API responses")
struct CloudReaderTests {
    @Test func minimalFolderLoadsClean() throws {
        let folder = try TempFolder(minimalFiles())
        defer { folder.remove() }
        let loaded = try InventoryLoader.load(path: folder.url)
        #expect(loaded.warnings == [])
        #expect(loaded.inventory.networkInterfaces.map(\.id) == ["eni-1"])
        #expect(loaded.inventory.instances.first?.primaryEniId == "eni-1")
    }

    @Test func pagesAreConcatenatedInNumericOrder() throws {
        var files = minimalFiles()
        files["DescribeInstances.json"] = nil
        func instance(_ n: Int) -> String {
            #"{"InstanceId":"i-\#(n)","Status":"Running","VpcAttributes":{"VpcId":"vpc-1","VSwitchId":"vsw-1","PrivateIpAddress":{"IpAddress":["10.0.1.\#(n)"]}},"SecurityGroupIds":{"SecurityGroupId":["sg-1"]},"NetworkInterfaces":{"NetworkInterface":[{"Type":"Primary","NetworkInterfaceId":"eni-\#(n)","PrimaryIpAddress":"10.0.1.\#(n)"}]}}"#
        }
        files["DescribeInstances/1.json"] = #"{"Instances":{"Instance":[\#(instance(1)),\#(instance(2))]}}"#
        files["DescribeInstances/2.json"] = #"{"Instances":[\#(instance(3))]}"#
        files["DescribeInstances/10.json"] = #"{"Instances":{"Instance":[\#(instance(10))]}}"#
        let folder = try TempFolder(files)
        defer { folder.remove() }
        let loaded = try InventoryLoader.load(path: folder.url)
        #expect(loaded.inventory.instances.map(\.id) == ["i-1", "i-2", "i-3", "i-10"])
        #expect(loaded.warnings == [])
    }

    @Test func flattenedAndWrappedListsReadAlike() throws {
        let wrapped = try TempFolder(minimalFiles())
        defer { wrapped.remove() }
        var files = minimalFiles()
        files["DescribeVpcs.json"] = #"{"Vpcs":[{"VpcId":"vpc-1","CidrBlock":"10.0.0.0/16","RegionId":"cn-hangzhou"}]}"#
        files["DescribeSecurityGroups.json"] = #"{"SecurityGroups":[{"SecurityGroupId":"sg-1","SecurityGroupType":"normal","VpcId":"vpc-1"}]}"#
        files["DescribeInstances.json"] = #"{"Instances":[{"InstanceId":"i-1","Status":"Running","SecurityGroupIds":["sg-1"],"VpcAttributes":{"VpcId":"vpc-1","VSwitchId":"vsw-1","PrivateIpAddress":["10.0.1.5"]},"NetworkInterfaces":[{"Type":"Primary","NetworkInterfaceId":"eni-1","PrimaryIpAddress":"10.0.1.5"}]}]}"#
        files["DescribeRouteTableList.json"] = #"{"RouterTableList":[{"RouteTableId":"vtb-1","RouteTableType":"System","VpcId":"vpc-1","VSwitchIds":["vsw-1"]}]}"#
        let flat = try TempFolder(files)
        defer { flat.remove() }
        let a = try InventoryLoader.load(path: wrapped.url), b = try InventoryLoader.load(path: flat.url)
        #expect(a.inventory == b.inventory)
        #expect(a.contentHash != b.contentHash)
    }

    @Test func numbersWrittenAsStrings() throws {
        var files = minimalFiles()
        files["DescribeSecurityGroupAttribute/sg-1.json"] = #"{"SecurityGroupId":"sg-1","InnerAccessPolicy":"Drop","Permissions":{"Permission":[{"Direction":"ingress","Policy":"Drop","Priority":"7","IpProtocol":"UDP","PortRange":"53/53","SourceCidrIp":"","SourceGroupId":"sg-1"}]}}"#
        files["DescribeInstances.json"] = #"{"Instances":{"Instance":[{"InstanceId":"i-1","Status":"Running","InternetMaxBandwidthOut":"3","SecurityGroupIds":{"SecurityGroupId":["sg-1"]},"VpcAttributes":{"VpcId":"vpc-1","VSwitchId":"vsw-1","PrivateIpAddress":{"IpAddress":["10.0.1.5"]}},"NetworkInterfaces":{"NetworkInterface":[{"Type":"Primary","NetworkInterfaceId":"eni-1","PrimaryIpAddress":"10.0.1.5"}]}}]}}"#
        files["DescribeNatGateways.json"] = #"{"NatGateways":{"NatGateway":[{"NatGatewayId":"ngw-1","VpcId":"vpc-1","IpLists":{"IpList":[{"IpAddress":"47.1.1.1"}]},"ForwardTableIds":{"ForwardTableId":["ftb-1"]}}]}}"#
        files["DescribeForwardTableEntries/ftb-1.json"] = #"{"ForwardTableEntries":{"ForwardTableEntry":[{"ForwardEntryId":"fwd-1","ExternalIp":"47.1.1.1","ExternalPort":8022,"InternalIp":"10.0.1.5","InternalPort":22,"IpProtocol":"TCP"}]}}"#
        let folder = try TempFolder(files)
        defer { folder.remove() }
        let loaded = try InventoryLoader.load(path: folder.url)
        #expect(loaded.warnings == [])
        let rule = try #require(loaded.inventory.securityGroups.first?.rules.first)
        #expect(rule.priority == 7 && rule.protocol == "udp" && rule.policy == .drop && rule.groupId == "sg-1" && rule.cidr == nil)
        #expect(loaded.inventory.securityGroups.first?.innerAccessPolicy == .drop)
        #expect(loaded.inventory.instances.first?.internetMaxBandwidthOut == 3)
        let dnat = try #require(loaded.inventory.natGateways.first?.dnatEntries.first)
        #expect(dnat.externalPort == "8022" && dnat.internalPort == "22" && dnat.protocol == "tcp")
    }

    @Test func referentialProblemsAreWarnings() throws {
        var files = minimalFiles()
        files["DescribeSecurityGroupAttribute/sg-1.json"] = nil
        files["DescribeVSwitches.json"] = #"{"VSwitches":{"VSwitch":[{"VSwitchId":"vsw-1","VpcId":"vpc-1","CidrBlock":"10.0.1.0/24","NetworkAclId":"nacl-gone","RouteTable":{"RouteTableId":"vtb-gone"}}]}}"#
        files["DescribeEipAddresses.json"] = #"{"EipAddresses":{"EipAddress":[{"AllocationId":"eip-1","IpAddress":"47.1.1.2","InstanceId":"i-gone","InstanceType":"EcsInstance","Status":"InUse"}]}}"#
        let folder = try TempFolder(files)
        defer { folder.remove() }
        let loaded = try InventoryLoader.load(path: folder.url)
        let text = loaded.warnings.map(\.description)
        #expect(loaded.warnings.allSatisfy { $0.severity == .warning })
        #expect(loaded.warnings.contains { $0.file == "DescribeSecurityGroupAttribute/sg-1.json" && $0.location == "sg-1" })
        #expect(loaded.warnings.contains {
            $0.file == "DescribeVSwitches.json" && $0.location == "$.VSwitches.VSwitch[0].RouteTable.RouteTableId"
                && $0.message.contains("vtb-gone")
        }, "\(text)")
        #expect(loaded.warnings.contains { $0.location == "$.VSwitches.VSwitch[0].NetworkAclId" && $0.message.contains("nacl-gone") })
        #expect(loaded.warnings.contains {
            $0.file == "DescribeEipAddresses.json" && $0.location == "$.EipAddresses.EipAddress[0].InstanceId" && $0.message.contains("i-gone")
        }, "\(text)")
        #expect(loaded.inventory.securityGroups.first?.rules == [])
    }

    @Test func guestFoldersAreReadAndABrokenOneIsAnError() throws {
        var files = minimalFiles()
        files["os/i-1/system.json"] = #"{"osType": "linux", "cloudAssistant": true, "python": "3.8.10"}"#
        files["os/i-1/ss.txt"] = "Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
            + "tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:((\"sshd\",pid=812,fd=3))\n"
        let folder = try TempFolder(files)
        defer { folder.remove() }
        let loaded = try InventoryLoader.load(path: folder.url)
        #expect(loaded.warnings == [])
        #expect(loaded.inventory.guests.first?.listeners?.first?.port == 22)

        var broken = files
        broken["os/i-1/system.json"] = "{}"
        let brokenFolder = try TempFolder(broken)
        defer { brokenFolder.remove() }
        let error = try #require(throws: InventoryLoadError.self) { try InventoryLoader.load(path: brokenFolder.url) }
        #expect(error.errors.first?.file == "os/i-1/system.json")
    }
}
