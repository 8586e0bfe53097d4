import NetDiagJSON
import Foundation
import NetDiagModel

/// Parses `ip -j addr show` into interfaces. An interface is up when its operstate is `UP` or
/// its flags hold `UP` (loopback reports operstate `UNKNOWN` while administratively up).
public enum IpAddrJSONParser {
    public static func parse(_ text: String) throws(GuestParseError) -> [GuestInterface] {
        try parse(Data(text.utf8))
    }

    public static func parse(_ data: Data) throws(GuestParseError) -> [GuestInterface] {
        guard let links = try JSONValue.parse(data).array else {
            throw GuestParseError(line: 0, "not ip -j addr output: expected a JSON array")
        }
        var interfaces: [GuestInterface] = []
        for link in links {
            // Some iproute2 versions print `{}` for links filtered out; they carry nothing.
            guard let name = link["ifname"]?.string else { continue }
            let flags = link["flags"]?.array?.compactMap(\.string) ?? []
            let up = link["operstate"]?.string == "UP" || flags.contains("UP")
            let addresses = (link["addr_info"]?.array ?? []).compactMap { info -> String? in
                guard let local = info["local"]?.string, let length = info["prefixlen"]?.int else { return nil }
                return "\(local)/\(length)"
            }
            interfaces.append(GuestInterface(name: name, up: up, addresses: addresses))
        }
        return interfaces
    }
}
