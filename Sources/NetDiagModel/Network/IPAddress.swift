/// An IPv4 or IPv6 address, held as a 128-bit value (IPv4 in the low 32 bits).
public struct IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address family.
    public enum Family: String, Sendable, Codable { case v4 = "ipv4", v6 = "ipv6" }

    public let family: Family
    /// High and low 64 bits of the address; IPv4 uses `low` only.
    public let high: UInt64
    public let low: UInt64

    public init(v4 value: UInt32) {
        family = .v4; high = 0; low = UInt64(value)
    }

    public init(v6 high: UInt64, _ low: UInt64) {
        family = .v6; self.high = high; self.low = low
    }

    /// Parses dotted IPv4 (`10.0.0.1`) or IPv6 text (`fe80::1`, `::ffff:1.2.3.4`); nil when malformed.
    public init?(_ text: some StringProtocol) {
        if text.contains(":") {
            guard let (h, l) = IPAddress.parseV6(Substring(text)) else { return nil }
            self.init(v6: h, l)
        } else {
            guard let v = IPAddress.parseV4(Substring(text)) else { return nil }
            self.init(v4: v)
        }
    }

    /// The bit width of the family: 32 or 128.
    public var bitWidth: Int { family == .v4 ? 32 : 128 }

    public var description: String {
        switch family {
        case .v4:
            let v = UInt32(truncatingIfNeeded: low)
            return "\(v >> 24).\((v >> 16) & 255).\((v >> 8) & 255).\(v & 255)"
        case .v6:
            return IPAddress.formatV6(high, low)
        }
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        if a.family != b.family { return a.family == .v4 }
        return (a.high, a.low) < (b.high, b.low)
    }

    static func parseV4(_ text: Substring) -> UInt32? {
        var value: UInt32 = 0, octet: UInt32 = 0, digits = 0, dots = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                value = value << 8 | octet
                octet = 0; digits = 0; dots += 1
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 3 {
                octet = octet * 10 + UInt32(byte - UInt8(ascii: "0"))
                guard octet <= 255 else { return nil }
                digits += 1
            } else {
                return nil
            }
        }
        guard digits > 0, dots == 3 else { return nil }
        return value << 8 | octet
    }

    static func parseV6(_ text: Substring) -> (UInt64, UInt64)? {
        var groups: [UInt16] = []
        var tail = text
        var embeddedV4: UInt32?
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let v4 = parseV4(text[text.index(after: lastColon)...]) else { return nil }
            embeddedV4 = v4
            tail = text[...lastColon]
            if tail.hasSuffix(":") && !tail.hasSuffix("::") { tail = tail.dropLast() }
        }
        let halves = tail.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func parseGroups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            for g in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard !g.isEmpty, g.count <= 4, let v = UInt16(g, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        guard let head = parseGroups(halves[0]) else { return nil }
        let needed = embeddedV4 == nil ? 8 : 6
        if halves.count == 2 {
            guard let rest = parseGroups(halves[1]), head.count + rest.count < needed else { return nil }
            groups = head + Array(repeating: 0, count: needed - head.count - rest.count) + rest
        } else {
            guard head.count == needed else { return nil }
            groups = head
        }
        if let v4 = embeddedV4 { groups += [UInt16(v4 >> 16), UInt16(v4 & 0xffff)] }
        var h: UInt64 = 0, l: UInt64 = 0
        for i in 0..<4 { h = h << 16 | UInt64(groups[i]) }
        for i in 4..<8 { l = l << 16 | UInt64(groups[i]) }
        return (h, l)
    }

    static func formatV6(_ h: UInt64, _ l: UInt64) -> String {
        let groups = (0..<8).map { i -> UInt16 in
            let word = i < 4 ? h : l
            return UInt16(truncatingIfNeeded: word >> (UInt64(3 - i % 4) * 16))
        }
        // Compress the longest run of two or more zero groups, as RFC 5952 says.
        var best = (start: -1, length: 0), run = (start: -1, length: 0)
        for (i, g) in groups.enumerated() {
            if g == 0 {
                run = run.start < 0 ? (i, 1) : (run.start, run.length + 1)
                if run.length > best.length { best = run }
            } else { run = (-1, 0) }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        let left = hex[..<best.start].joined(separator: ":")
        let right = hex[(best.start + best.length)...].joined(separator: ":")
        return left + "::" + right
    }
}
