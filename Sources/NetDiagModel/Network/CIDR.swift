/// An address block such as `10.0.0.0/16` or `2001:db8::/32`.
public struct CIDR: Hashable, Sendable, CustomStringConvertible {
    /// The first address of the block (host bits cleared).
    public let network: IPAddress
    public let prefixLength: Int

    public init(network: IPAddress, prefixLength: Int) {
        self.network = CIDR.masked(network, prefixLength)
        self.prefixLength = prefixLength
    }

    /// Parses `a.b.c.d/n`, an IPv6 block, or a bare address (a host block).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        var length = address.bitWidth
        if parts.count == 2 {
            guard let n = Int(parts[1]), (0...address.bitWidth).contains(n) else { return nil }
            length = n
        }
        self.init(network: address, prefixLength: length)
    }

    /// True when `address` lies inside this block (families must agree).
    public func contains(_ address: IPAddress) -> Bool {
        address.family == network.family && CIDR.masked(address, prefixLength) == network
    }

    /// True when `other` lies wholly inside this block.
    public func contains(_ other: CIDR) -> Bool {
        other.prefixLength >= prefixLength && contains(other.network)
    }

    public var description: String { "\(network)/\(prefixLength)" }

    static func masked(_ a: IPAddress, _ length: Int) -> IPAddress {
        switch a.family {
        case .v4:
            let mask: UInt64 = length == 0 ? 0 : (0xffff_ffff << UInt64(32 - length)) & 0xffff_ffff
            return IPAddress(v4: UInt32(a.low & mask))
        case .v6:
            let highMask: UInt64 = length >= 64 ? .max : (length == 0 ? 0 : ~UInt64(0) << UInt64(64 - length))
            let lowMask: UInt64 = length <= 64 ? 0 : (length == 128 ? .max : ~UInt64(0) << UInt64(128 - length))
            return IPAddress(v6: a.high & highMask, a.low & lowMask)
        }
    }
}
