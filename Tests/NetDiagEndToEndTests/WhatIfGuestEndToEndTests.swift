import Foundation
import Testing

/// `what-if` with guest firewall lines through the built binary on examples/region.
@Suite struct WhatIfGuestEndToEndTests {
    static func whatIf(_ yaml: String, _ extra: [String] = []) throws -> Binary.Output {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-guest-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return try NetDiagBinary.run(["what-if", "--inventory", Binary.exampleRegion, "--rules", Binary.root.appendingPathComponent("rules").path,
                                      "--change", file.path] + extra)
    }

    @Test func aGuestDropTurnsAReachablePortGuestBlockedAndThePathUnconnectable() throws {
        let out = try Self.whatIf("""
            - op: add-guest-firewall-line
              instance: i-web1
              firewall: iptables
              position: 1
              line: "-A INPUT -p tcp -m tcp --dport 443 -j DROP"
            """, ["--source", "8.8.8.8", "--destination", "i-web1", "--protocol", "tcp", "--port", "443"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("Path 8.8.8.8 → i-web1 tcp/443: Normal before, Unconnectable after"))
        #expect(out.stdout.contains("blocked after by guest-os.firewall-inbound"))
        #expect(out.stdout.range(of: #"i-web1\s+tcp\s+443/443\s+reachable\s+guest-blocked"#, options: .regularExpression) != nil, "\(out.stdout)")
    }

    @Test func anUnreadableLineExitsTwoNamingTheChangeAndTheLine() throws {
        let out = try Self.whatIf("""
            - op: unbind-eip
              ip: 47.96.10.1
            - op: add-guest-firewall-line
              instance: i-db1
              firewall: iptables
              line: "-A INPUT -p tcp --dport 3306 -j ACCEPT ! !"
            """)
        #expect(out.status == 2)
        #expect(out.stderr.contains("change 2"), "\(out.stderr)")
        #expect(out.stderr.contains("-A INPUT -p tcp --dport 3306 -j ACCEPT ! !"), "\(out.stderr)")
        #expect(out.stdout.isEmpty)
    }
}
