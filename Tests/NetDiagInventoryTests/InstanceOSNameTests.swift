import Foundation
import Testing
@testable import NetDiagInventory
import NetDiagModel

@Suite("Instance OS names")
struct InstanceOSNameTests {
    /// The guest-OS rules name the OS from these when system.json does not (docs/guest-os-rules.md).
    @Test func osTypeAndBothImageNamesAreRead() throws {
        var files = minimalFiles()
        files["DescribeInstances.json"] = #"{"Instances":{"Instance":[{"InstanceId":"i-1","Status":"Running","OSType":"Linux","OSName":"CentOS  7.9 64位","OSNameEn":"CentOS  7.9 64 bit","SecurityGroupIds":{"SecurityGroupId":["sg-1"]},"VpcAttributes":{"VpcId":"vpc-1","VSwitchId":"vsw-1","PrivateIpAddress":{"IpAddress":["10.0.1.5"]}},"NetworkInterfaces":{"NetworkInterface":[{"Type":"Primary","NetworkInterfaceId":"eni-1","PrimaryIpAddress":"10.0.1.5"}]}}]}}"#
        let folder = try TempFolder(files)
        defer { folder.remove() }
        let instance = try #require(try InventoryLoader.load(path: folder.url).inventory.instances.first)
        #expect(instance.osType == "linux")
        #expect(instance.osName == "CentOS  7.9 64位")
        #expect(instance.osNameEn == "CentOS  7.9 64 bit")
    }
}
