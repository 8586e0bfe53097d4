/// Splits the `address:port` forms `ss` and `netstat` print: `0.0.0.0:22`, `*:22`, `[::]:22`,
/// `[::1]:25`, `10.0.1.5%eth0:53`, `[fe80::1%4]:546`. The `%interface` (zone or SO_BINDTODEVICE)
/// suffix is dropped: the model keeps the address, and the port is what services are checked by.
enum SocketAddress {
    static func split(_ text: String) -> (address: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var address = text[..<colon]
        if address.hasPrefix("[") && address.hasSuffix("]") { address = address.dropFirst().dropLast() }
        if let percent = address.firstIndex(of: "%") { address = address[..<percent] }
        guard !address.isEmpty else { return nil }
        return (String(address), port)
    }
}
