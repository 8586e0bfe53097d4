import Testing
@testable import NetDiagGuestOS
import NetDiagModel

@Suite struct SsAndInterfacesTests {
    @Test func ssWithHeaderReadsEveryForm() throws {
        let listeners = try SsParser.parse(try Captures.text("ss.txt"))
        #expect(listeners.count == 10)
        func find(_ proto: String, _ port: Int) -> [String] {
            listeners.filter { $0.protocol == proto && $0.port == port }.map(\.address)
        }
        #expect(find("tcp", 22).sorted() == ["0.0.0.0", "::"])
        #expect(find("tcp", 631) == ["127.0.0.1"])
        #expect(find("tcp", 25) == ["::1"])
        #expect(find("tcp", 8080) == ["*"])
        #expect(find("udp", 53) == ["10.0.1.5"])      // 10.0.1.5%eth0:53
        #expect(find("udp", 68) == ["0.0.0.0"])       // 0.0.0.0%eth0:68
        #expect(find("udp", 123) == ["*"])
        let first = try #require(listeners.first)
        #expect(first.process == "python3" && first.pid != nil)
    }

    @Test func ssWithoutHeaderGivesTheSame() throws {
        #expect(try SsParser.parse(try Captures.text("ss-H.txt")) == (try SsParser.parse(try Captures.text("ss.txt"))))
    }

    @Test func ssHandWrittenRows() throws {
        let text = """
        tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*    users:(("sshd",pid=812,fd=3),("sshd",pid=813,fd=3))
        tcp   ESTAB  0      0          10.0.1.5:22       10.0.1.9:51000 users:(("sshd",pid=900,fd=4))
        udp   UNCONN 0      0      [fe80::1%eth0]:546         [::]:*
        LISTEN 0      4096         127.0.0.53%lo:53        0.0.0.0:*
        """
        let listeners = try SsParser.parse(text)
        #expect(listeners == [
            Listener(protocol: "tcp", address: "0.0.0.0", port: 22, process: "sshd", pid: 812),
            Listener(protocol: "udp", address: "fe80::1", port: 546),
            Listener(protocol: "tcp", address: "127.0.0.53", port: 53),
        ])
        do {
            _ = try SsParser.parse("tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:*\ngarbage here\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
        }
    }

    @Test func ipAddrJSON() throws {
        let interfaces = try IpAddrJSONParser.parse(try Captures.text("ip-addr.json"))
        let byName = Dictionary(uniqueKeysWithValues: interfaces.map { ($0.name, $0) })
        #expect(byName["lo"]?.up == true)   // operstate UNKNOWN, flags UP
        #expect(byName["lo"]?.addresses == ["127.0.0.1/8", "::1/128"])
        #expect(byName["eth0"]?.up == true)
        #expect(byName["eth0"]?.addresses.contains("10.0.1.5/24") == true)
        #expect(byName["eth0"]?.addresses.contains("fd00::5/64") == true)
        #expect(byName["eth2"]?.up == false)
        #expect(byName["eth2"]?.addresses == ["10.0.3.9/24"])
        #expect(try IpAddrJSONParser.parse("[{}, {\"ifname\": \"x\", \"operstate\": \"UP\"}]")
                == [GuestInterface(name: "x", up: true)])
        #expect(throws: GuestParseError.self) { try IpAddrJSONParser.parse("{\"ifname\": 1}") }
    }
}
