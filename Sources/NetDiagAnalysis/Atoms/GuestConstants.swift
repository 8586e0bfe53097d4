import Foundation
import NetDiagModel

/// Every address and port a guest's firewall rules or listeners mention. The guest rules
/// (iptables, nftables, Windows Firewall) parse many spellings — `1000:2000`, `{ 22, 80 }`,
/// `ssh`, `10.0.0.0/8`, `a.b.c.d-e.f.g.h` — so rather than mirror each parser, every number and
/// address in the captured rules becomes a cut point: a superset of the interval ends they use,
/// which can only make the atoms finer, never wrong.
struct GuestConstants: Sendable {
    var addresses: [Interval] = []
    var ports: Set<UInt64> = []

    /// Port names the guest rules resolve (nftables.lua's table and /etc/services' usual ones).
    static let serviceNames: [String: UInt64] = [
        "ssh": 22, "http": 80, "https": 443, "domain": 53, "smtp": 25, "ntp": 123, "ms-wbt-server": 3389,
        "mysql": 3306, "postgresql": 5432, "telnet": 23, "ftp": 21, "rdp": 3389, "dns": 53,
    ]

    init(_ guest: GuestState) {
        for listener in guest.listeners ?? [] where (0...65535).contains(listener.port) {
            ports.insert(UInt64(listener.port))
        }
        let encoder = JSONEncoder()
        let parts: [Data?] = [
            guest.iptables.flatMap { try? encoder.encode($0) }, guest.ip6tables.flatMap { try? encoder.encode($0) },
            guest.nftables.flatMap { try? encoder.encode($0) }, guest.windowsFirewall.flatMap { try? encoder.encode($0) },
        ]
        for case let data? in parts {
            guard let tree = try? JSONSerialization.jsonObject(with: data) else { continue }
            collect(tree)
        }
    }

    private mutating func collect(_ node: Any) {
        switch node {
        case let text as String: scan(text)
        case let list as [Any]: for item in list { collect(item) }
        case let object as [String: Any]:
            // Line numbers and handles say where a rule is, not what it matches.
            for (key, value) in object where key != "line" && key != "handle" { collect(value) }
        case let number as NSNumber: if number.int64Value >= 0, number.int64Value <= 65535 { ports.insert(UInt64(number.int64Value)) }
        default: break
        }
    }

    /// Splits text into tokens of digits, dots, slashes and letters and keeps what parses.
    private mutating func scan(_ text: String) {
        var token = ""
        func flush() {
            defer { token = "" }
            guard !token.isEmpty else { return }
            if token.contains(".") {
                // `a.b.c.d`, `a.b.c.d/n`, or a range `a.b.c.d-e.f.g.h`: each end is cut.
                let blocks = token.split(separator: "-").compactMap { Interval(cidr: $0) }
                if !blocks.isEmpty { addresses.append(contentsOf: blocks); return }
            }
            if let name = Self.serviceNames[token.lowercased()] { ports.insert(name); return }
            // Digit runs inside any other token (`1000:2000`, `eth0`, `1-1024`).
            var digits = ""
            for c in token + " " {
                if c.isASCII, c.isNumber { digits.append(c); continue }
                if let n = UInt64(digits), n <= 65535 { ports.insert(n) }
                digits = ""
            }
        }
        for c in text {
            if c.isLetter || c.isNumber || c == "." || c == "/" || c == "-" { token.append(c) } else { flush() }
        }
        flush()
    }
}
