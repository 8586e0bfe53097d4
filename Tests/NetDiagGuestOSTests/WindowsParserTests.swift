import Testing
@testable import NetDiagGuestOS
import NetDiagModel

@Suite struct WindowsParserTests {
    @Test func netshProfilesAndRules() throws {
        let firewall = try NetshFirewallParser.parse(try Captures.text("netsh-advfirewall.txt"))
        #expect(firewall.profiles == ["Domain": true, "Private": true, "Public": true])
        #expect(firewall.defaultInbound == "Block" && firewall.defaultOutbound == "Allow")
        #expect(firewall.rules.count == 5)
        #expect(firewall.rules[0] == WindowsFirewallRule(
            name: "Remote Desktop - User Mode (TCP-In)", enabled: true, direction: "In", action: "Allow",
            protocol: "TCP", localPort: "3389", remoteAddress: "10.0.1.0/24", profiles: "Domain,Private,Public"))
        #expect(firewall.rules[1].enabled == false)
        #expect(firewall.rules[2].action == "Block" && firewall.rules[2].localPort == "139,445")
        // ICMP type/code table lines do not disturb the block; LocalPort absent means Any.
        #expect(firewall.rules[3].protocol == "ICMPv4" && firewall.rules[3].localPort == "Any")
        #expect(firewall.rules[3].remoteAddress == "LocalSubnet")
        #expect(firewall.rules[4].direction == "Out")
    }

    @Test func netshProfileOffAndPolicy() throws {
        let text = """
        Domain Profile Settings:
        ----------------------------------------------------------------------
        State                                 OFF
        Firewall Policy                       AllowInbound,AllowOutbound

        Public Profile Settings:
        ----------------------------------------------------------------------
        State                                 ON
        Firewall Policy                       BlockInboundAlways,BlockOutbound
        Ok.

        No rules match the specified criteria.
        """
        let firewall = try NetshFirewallParser.parse(text)
        #expect(firewall.profiles == ["Domain": false, "Public": true])
        #expect(firewall.defaultInbound == "Block" && firewall.defaultOutbound == "Block")
        #expect(firewall.rules.isEmpty)
    }

    @Test func netshErrors() {
        #expect(throws: GuestParseError.self) { try NetshFirewallParser.parse("Das Profil ist aktiv\n") }
        do {
            _ = try NetshFirewallParser.parse("\nRule Name:   x\n----\nEnabled:   Yes\n\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
        }
        #expect(NetshFirewallParser.cidr("10.0.1.0/255.255.255.0,10.0.0.1-10.0.0.9,1.2.3.4/255.0.255.0")
                == "10.0.1.0/24,10.0.0.1-10.0.0.9,1.2.3.4/255.0.255.0")
    }

    @Test func netstatWithTasklist() throws {
        let processes = try TasklistParser.parse(try Captures.text("tasklist.csv"))
        #expect(processes[1020] == "TermService" && processes[4] == "System")
        let listeners = try NetstatParser.parse(try Captures.text("netstat.txt"), processes: processes)
        #expect(listeners.filter { $0.protocol == "tcp" }.count == 9)   // ESTABLISHED, TIME_WAIT skipped
        #expect(listeners.filter { $0.protocol == "udp" }.count == 5)
        #expect(listeners.contains(Listener(protocol: "tcp", address: "0.0.0.0", port: 3389,
                                            process: "TermService", pid: 1020)))
        #expect(listeners.contains(Listener(protocol: "tcp", address: "::", port: 3389,
                                            process: "TermService", pid: 1020)))
        #expect(listeners.contains(Listener(protocol: "udp", address: "fe80::5d1c:c2e1:9b4a:2f10", port: 546,
                                            process: "Dhcp", pid: 1188)))
        let plain = try TasklistParser.parse(try Captures.text("tasklist-nosvc.csv"))
        #expect(plain[1020] == "svchost.exe")
        #expect(try NetstatParser.parse(try Captures.text("netstat.txt")).allSatisfy { $0.process == nil })
        #expect(throws: GuestParseError.self) { try NetstatParser.parse("  TCP    0.0.0.0:135  LISTENING\n") }
    }
}
