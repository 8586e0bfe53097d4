@testable import NetDiagEngine
import NetDiagBenchmarkSupport
import NetDiagModel
import Testing

/// The hand-built security group view must be byte-identical to the Codable one.
@Suite struct PayloadTests {
    @Test func groupPayloadMatchesCodableEncoding() throws {
        let region = RegionGenerator.generate(.small, seed: 21)
        var groups = region.inventory.securityGroups
        groups.append(SecurityGroup(id: "sg-edge", type: .normal, vpcId: "vpc-1", rules: [
            SecurityGroupRule(id: "r1", direction: .ingress, policy: .drop, priority: 7, protocol: "udp",
                              portRange: PortRange("53/53")!, sourcePortRange: PortRange("1024/65535"),
                              cidr: "10.0.0.0/8", ipv6Cidr: "::/0", prefixListId: "pl-1", groupId: "sg-2"),
        ]))
        groups.append(SecurityGroup(id: "sg-unknown", type: .normal, vpcId: "vpc-1",
                                    rulesMissing: "no DescribeSecurityGroupAttribute/sg-unknown.json"))
        for group in groups {
            var direct = PayloadWriter(keys: nil)
            GroupPayload.write(group, into: &direct)
            #expect(direct.bytes == (try LuaPayloadEncoder.encode(group)).bytes, "\(group.id)")
        }
    }
}
