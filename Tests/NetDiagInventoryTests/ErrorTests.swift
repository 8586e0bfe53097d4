import Foundation
import Testing
@testable import NetDiagInventory
import NetDiagModel

@Suite("Load errors name the file and the path")
struct ErrorTests {
    private func errors(replacing files: [String: String?]) throws -> [InventoryIssue] {
        var all = minimalFiles()
        for (name, text) in files { all[name] = text }
        let folder = try TempFolder(all.compactMapValues { $0 })
        defer { folder.remove() }
        return try #require(loadError(folder.url)).errors
    }

    @Test func malformedJSON() throws {
        let errors = try errors(replacing: ["DescribeVpcs.json": "{\n  \"Vpcs\": {\"Vpc\": [\n    {\"VpcId\": \"vpc-1\",, }\n  ]}\n}\n"])
        let error = try #require(errors.first)
        #expect(error.file == "DescribeVpcs.json")
        #expect(error.message.hasPrefix("malformed JSON at line 3, column"), "\(error)")
    }

    @Test func truncatedFile() throws {
        let errors = try errors(replacing: ["DescribeVSwitches.json": #"{"VSwitches":{"VSwitch":[{"VSwitchId":"vsw-1","VpcId":"vp"#])
        let error = try #require(errors.first)
        #expect(error.file == "DescribeVSwitches.json")
        #expect(error.message.hasPrefix("truncated JSON"), "\(error)")
    }

    @Test func emptyFileIsTruncated() throws {
        let errors = try errors(replacing: ["DescribeSecurityGroups.json": ""])
        #expect(errors.contains { $0.file == "DescribeSecurityGroups.json" && $0.message.hasPrefix("truncated JSON") })
    }

    @Test func wrongTypeNamesTheJSONPath() throws {
        let instances = #"{"Instances":{"Instance":[{"InstanceId":"i-1","Status":"Running","VpcAttributes":{"VpcId":"vpc-1","VSwitchId":"vsw-1"},"NetworkInterfaces":{"NetworkInterface":[{"Type":"Primary","NetworkInterfaceId":"eni-1","PrimaryIpAddress":"10.0.1.5"}]}},{"InstanceId":"i-2","Status":{"Code":"Running"},"VpcAttributes":{"VpcId":"vpc-1","VSwitchId":"vsw-1"},"InternetMaxBandwidthOut":"lots"}]}}"#
        let errors = try errors(replacing: ["DescribeInstances.json": instances])
        #expect(errors.contains {
            $0.file == "DescribeInstances.json" && $0.location == "$.Instances.Instance[1].Status"
                && $0.message == "expected a string, found an object"
        }, "\(errors)")
        // Every error of the file is collected, not only the first.
        #expect(errors.contains {
            $0.location == "$.Instances.Instance[1].InternetMaxBandwidthOut" && $0.message.contains("expected an integer")
        }, "\(errors)")
    }

    @Test func missingRequiredFile() throws {
        let errors = try errors(replacing: ["DescribeRouteTableList.json": nil, "DescribeVpcs.json": nil])
        #expect(errors.contains { $0.file == "DescribeRouteTableList.json" && $0.message.hasPrefix("missing required file") })
        #expect(errors.contains { $0.file == "DescribeVpcs.json" && $0.message.hasPrefix("missing required file") })
    }

    @Test func missingRequiredField() throws {
        let errors = try errors(replacing: ["DescribeVpcs.json": #"{"Vpcs":{"Vpc":[{"VpcId":"","CidrBlock":"10.0.0.0/16"}]}}"#])
        #expect(errors.contains { $0.file == "DescribeVpcs.json" && $0.location == "$.Vpcs.Vpc[0].VpcId" })
    }

    @Test func invalidCIDR() throws {
        let errors = try errors(replacing: ["DescribeVpcs.json": #"{"Vpcs":{"Vpc":[{"VpcId":"vpc-1","CidrBlock":"10.0.0/16"}]}}"#])
        let error = try #require(errors.first)
        #expect(error.file == "DescribeVpcs.json" && error.location == "$.Vpcs.Vpc[0].CidrBlock")
        #expect(error.message.contains("\"10.0.0/16\"") && error.message.contains("expected an IPv4 block"), "\(error)")
    }

    @Test func invalidRuleCIDRAndPortRange() throws {
        let attribute = #"{"Permissions":{"Permission":[{"Direction":"ingress","Policy":"Accept","Priority":1,"IpProtocol":"TCP","PortRange":"22/22","SourceCidrIp":"10.0.0.300/32"},{"Direction":"ingress","Policy":"Accept","Priority":1,"IpProtocol":"TCP","PortRange":"80/70","SourceCidrIp":"0.0.0.0/0"}]}}"#
        let errors = try errors(replacing: ["DescribeSecurityGroupAttribute/sg-1.json": attribute])
        #expect(errors.contains {
            $0.file == "DescribeSecurityGroupAttribute/sg-1.json" && $0.location == "$.Permissions.Permission[1].PortRange"
                && $0.message.contains("\"80/70\"") && $0.message.contains("expected a port range")
        }, "\(errors)")
        // Values are validated once reading succeeded; a bad CIDR then names its path too.
        let only = #"{"Permissions":{"Permission":[{"Direction":"ingress","Policy":"Accept","Priority":1,"IpProtocol":"TCP","PortRange":"22/22","SourceCidrIp":"10.0.0.300/32"}]}}"#
        let cidr = try self.errors(replacing: ["DescribeSecurityGroupAttribute/sg-1.json": only])
        #expect(cidr.contains {
            $0.location == "$.Permissions.Permission[0].SourceCidrIp" && $0.message.contains("10.0.0.300/32")
        }, "\(cidr)")
    }

    @Test func unknownProtocolAndPriority() throws {
        let attribute = #"{"Permissions":{"Permission":[{"Direction":"inbound","Policy":"Accept","Priority":101,"IpProtocol":"SCTP","PortRange":"22/22","SourceCidrIp":"0.0.0.0/0"}]}}"#
        let errors = try errors(replacing: ["DescribeSecurityGroupAttribute/sg-1.json": attribute])
        #expect(errors.contains { $0.location == "$.Permissions.Permission[0].IpProtocol" && $0.message.contains("SCTP") })
        #expect(errors.contains { $0.location == "$.Permissions.Permission[0].Direction" && $0.message.contains("inbound") })
    }

    @Test func errorDescriptionNamesFileAndPath() throws {
        let errors = try errors(replacing: ["DescribeVpcs.json": #"{"Vpcs":{"Vpc":[{"VpcId":"vpc-1","CidrBlock":7}]}}"#])
        let text = InventoryLoadError(errors: errors).description
        #expect(text.contains("error: DescribeVpcs.json: $.Vpcs.Vpc[0].CidrBlock: invalid CIDR \"7\""), "\(text)")
    }
}
