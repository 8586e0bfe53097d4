import Testing
@testable import NetDiagModel

@Suite struct AddressTests {
    @Test func parsesAndPrintsIPv4() {
        #expect(IPAddress("10.0.1.5")?.description == "10.0.1.5")
        #expect(IPAddress("256.0.0.1") == nil)
        #expect(IPAddress("10.0.1") == nil)
        #expect(IPAddress("01.2.3.4.5") == nil)
    }

    @Test func parsesAndCompressesIPv6() {
        #expect(IPAddress("2001:db8:0:0:0:0:0:1")?.description == "2001:db8::1")
        #expect(IPAddress("::")?.description == "::")
        #expect(IPAddress("::ffff:1.2.3.4")?.description == "::ffff:102:304")
        #expect(IPAddress("1::2::3") == nil)
        #expect(IPAddress("fe80::g") == nil)
    }

    @Test func cidrContainment() throws {
        let block = try #require(CIDR("10.0.0.0/16"))
        #expect(block.contains(IPAddress("10.0.255.1")!))
        #expect(!block.contains(IPAddress("10.1.0.1")!))
        #expect(block.contains(CIDR("10.0.3.0/24")!))
        #expect(!block.contains(CIDR("10.0.0.0/8")!))
        #expect(CIDR("0.0.0.0/0")!.contains(IPAddress("8.8.8.8")!))
        #expect(CIDR("10.0.0.7/24")?.description == "10.0.0.0/24")
        #expect(CIDR("2001:db8::/32")!.contains(IPAddress("2001:db8:ffff::1")!))
        #expect(!CIDR("2001:db8::/32")!.contains(IPAddress("10.0.0.1")!))
        #expect(CIDR("10.0.0.0/33") == nil)
    }

    @Test func portRanges() {
        #expect(PortRange("22/22")?.contains(22) == true)
        #expect(PortRange("1/65535")?.contains(70000) == false)
        #expect(PortRange("-1/-1")?.contains(5) == true)
        #expect(PortRange("0/10") == nil)
        #expect(PortRange("80/22") == nil)
        #expect(PortRange("1/70000") == nil)
        #expect(PortRange(" 80 / 443 ") == PortRange(start: 80, end: 443))
        #expect(PortRange("22") == PortRange(start: 22, end: 22))
        #expect(PortRange("2 2") == nil)
        #expect(PortRange("22/") == nil)
        #expect(PortRange("1/2/3") == nil)
        #expect(PortRange("--1/-1") == nil)
        #expect(PortRange("") == nil)
        #expect(PortRange("99999999999999999999/1") == nil)
    }
}
