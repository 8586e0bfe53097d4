import NetDiagModel

/// Parses `ss -lntup` output (with or without the header, i.e. `-H`) into listeners:
/// TCP rows in state LISTEN and UDP rows in state UNCONN.
public enum SsParser {
    private static let states: Set<String> = ["LISTEN", "UNCONN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1",
                                              "FIN-WAIT-2", "TIME-WAIT", "CLOSE-WAIT", "LAST-ACK", "CLOSING",
                                              "CLOSED", "UNKNOWN"]

    /// Throws on a row whose columns or local address cannot be read, naming its line.
    public static func parse(_ text: String) throws(GuestParseError) -> [Listener] {
        var listeners: [Listener] = []
        for (offset, line) in text.lines.enumerated() {
            let number = offset + 1
            var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let first = words.first else { continue }
            if first == "Netid" || first == "State" { continue }
            // Without -u/-t mixing, ss omits the Netid column; the state tells the protocol then.
            if states.contains(first) { words.insert(first == "UNCONN" ? "udp" : "tcp", at: 0) }
            guard words.count >= 6, states.contains(words[1]) else {
                throw GuestParseError(line: number, "not an ss row: \(line)")
            }
            let netid = words[0].lowercased(), state = words[1]
            guard (netid == "tcp" && state == "LISTEN") || (netid == "udp" && state == "UNCONN") else { continue }
            guard let local = SocketAddress.split(words[4]) else {
                throw GuestParseError(line: number, "cannot read local address \(words[4])")
            }
            let (process, pid) = users(words.dropFirst(6).joined(separator: " "))
            listeners.append(Listener(protocol: netid, address: local.address, port: local.port,
                                      process: process, pid: pid))
        }
        return listeners
    }

    /// The first process of `users:(("sshd",pid=812,fd=3),("sshd",pid=813,fd=3))`.
    static func users(_ text: String) -> (String?, Int?) {
        guard let start = text.range(of: "((\"") else { return (nil, nil) }
        let rest = text[start.upperBound...]
        guard let close = rest.firstIndex(of: "\"") else { return (nil, nil) }
        let name = String(rest[..<close])
        var pid: Int?
        if let p = rest.range(of: "pid=") {
            pid = Int(rest[p.upperBound...].prefix(while: \.isNumber))
        }
        return (name.isEmpty ? nil : name, pid)
    }
}
