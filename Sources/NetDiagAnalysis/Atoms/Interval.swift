/// A closed range of IPv4 addresses or ports, `lo...hi`, held as 64-bit numbers so that
/// `hi + 1` never overflows at the top of the IPv4 space.
public struct Interval: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let lo: UInt64
    public let hi: UInt64

    public init(_ lo: UInt64, _ hi: UInt64) { self.lo = lo; self.hi = hi }

    /// The whole IPv4 space.
    public static let allAddresses = Interval(0, 0xFFFF_FFFF)
    /// Every TCP/UDP port.
    public static let allPorts = Interval(1, 65535)

    public func contains(_ value: UInt64) -> Bool { lo <= value && value <= hi }
    public func contains(_ other: Interval) -> Bool { lo <= other.lo && other.hi <= hi }
    public func overlaps(_ other: Interval) -> Bool { lo <= other.hi && other.lo <= hi }

    public static func < (a: Interval, b: Interval) -> Bool { (a.lo, a.hi) < (b.lo, b.hi) }

    public var description: String { lo == hi ? "\(lo)" : "\(lo)-\(hi)" }

    /// The addresses of an IPv4 block (`10.0.0.0/8`, or a bare address); nil for IPv6 or bad text.
    public init?(cidr text: some StringProtocol) {
        guard let block = CIDRText.parse(text) else { return nil }
        self = block
    }

    /// A port range of the model (`-1/-1` is every port).
    public init(ports start: Int, _ end: Int) {
        if start < 0 { self = .allPorts } else { self.init(UInt64(start), UInt64(end)) }
    }

    /// The fewest CIDR blocks covering exactly this address range, in address order.
    public var cidrs: [String] {
        var out: [String] = []
        var start = lo
        while start <= hi {
            var length = 32
            // Grow the block while it stays aligned on `start` and inside the range.
            while length > 0 {
                let size = UInt64(1) << UInt64(33 - length)
                if start % size != 0 || start + size - 1 > hi { break }
                length -= 1
            }
            out.append("\(Self.dotted(start))/\(length)")
            start += UInt64(1) << UInt64(32 - length)
        }
        return out
    }

    /// `a.b.c.d` for an IPv4 address number.
    public static func dotted(_ value: UInt64) -> String {
        "\((value >> 24) & 255).\((value >> 16) & 255).\((value >> 8) & 255).\(value & 255)"
    }
}

/// Parses IPv4 addresses and blocks into intervals without going through the model's types,
/// which keep IPv6 too: the scan is of IPv4 only.
enum CIDRText {
    static func parse(_ text: some StringProtocol) -> Interval? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = address(parts[0]) else { return nil }
        var length: UInt64 = 32
        if parts.count == 2 {
            guard let n = UInt64(parts[1]), n <= 32 else { return nil }
            length = n
        }
        let size = UInt64(1) << (32 - length)
        let start = address & ~(size - 1)
        return Interval(start, start + size - 1)
    }

    static func address(_ text: some StringProtocol) -> UInt64? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt64 = 0
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, let n = UInt64(octet), n <= 255 else { return nil }
            value = value << 8 | n
        }
        return value
    }
}
