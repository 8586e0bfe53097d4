import Foundation
@testable import NetDiagInventory
import NetDiagModel

/// The repository's bundled example region, found from this file's path.
let exampleRegion = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples/region")

/// A temporary folder of files (relative path → contents), removed by `remove()`.
struct TempFolder {
    let url: URL

    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("netdiag-inv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A small valid inventory in API-response form: one VPC, one vSwitch, one instance, one group.
func minimalFiles() -> [String: String] {
    [
        "DescribeVpcs.json": #"{"Vpcs":{"Vpc":[{"VpcId":"vpc-1","CidrBlock":"10.0.0.0/16","RegionId":"cn-hangzhou"}]}}"#,
        "DescribeVSwitches.json": #"{"VSwitches":{"VSwitch":[{"VSwitchId":"vsw-1","VpcId":"vpc-1","CidrBlock":"10.0.1.0/24","NetworkAclId":"","RouteTable":{"RouteTableId":"vtb-1","RouteTableType":"System"}}]}}"#,
        "DescribeInstances.json": #"{"Instances":{"Instance":[{"InstanceId":"i-1","Status":"Running","SecurityGroupIds":{"SecurityGroupId":["sg-1"]},"VpcAttributes":{"VpcId":"vpc-1","VSwitchId":"vsw-1","PrivateIpAddress":{"IpAddress":["10.0.1.5"]}},"NetworkInterfaces":{"NetworkInterface":[{"Type":"Primary","NetworkInterfaceId":"eni-1","PrimaryIpAddress":"10.0.1.5"}]}}]}}"#,
        "DescribeSecurityGroups.json": #"{"SecurityGroups":{"SecurityGroup":[{"SecurityGroupId":"sg-1","SecurityGroupType":"normal","VpcId":"vpc-1"}]}}"#,
        "DescribeSecurityGroupAttribute/sg-1.json": #"{"SecurityGroupId":"sg-1","InnerAccessPolicy":"Accept","Permissions":{"Permission":[{"Direction":"ingress","Policy":"Accept","Priority":1,"IpProtocol":"TCP","PortRange":"22/22","SourceCidrIp":"0.0.0.0/0"}]}}"#,
        "DescribeRouteTableList.json": #"{"RouterTableList":{"RouterTableListType":[{"RouteTableId":"vtb-1","RouteTableType":"System","VpcId":"vpc-1","VSwitchIds":{"VSwitchId":["vsw-1"]}}]}}"#,
        "DescribeRouteEntryList/vtb-1.json": #"{"RouteEntrys":{"RouteEntry":[{"RouteEntryId":"rte-1","DestinationCidrBlock":"10.0.1.0/24","Type":"System","NextHops":{"NextHop":[{"NextHopType":"local","NextHopId":""}]}}]}}"#,
    ]
}

/// Loads a folder and returns the thrown error, or nil when the load succeeded.
func loadError(_ url: URL) -> InventoryLoadError? {
    do {
        _ = try InventoryLoader.load(path: url)
        return nil
    } catch let error as InventoryLoadError {
        return error
    } catch {
        return InventoryLoadError(errors: [InventoryIssue(.error, file: "?", message: "unexpected \(error)")])
    }
}
