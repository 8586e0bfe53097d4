/// An IPv4 block as the generator uses it: a base address and a prefix length.
struct IPv4Block: Hashable, Sendable {
    var base: UInt32
    var length: Int

    init(_ base: UInt32, _ length: Int) {
        self.length = length
        self.base = length == 0 ? 0 : base & (UInt32.max << UInt32(32 - length))
    }

    init(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ length: Int) {
        self.init(a << 24 | b << 16 | c << 8 | d, length)
    }

    /// How many addresses the block holds.
    var size: UInt64 { UInt64(1) << UInt64(32 - length) }

    /// `10.0.1.0/24`.
    var cidr: String { "\(Self.format(base))/\(length)" }

    /// The address `offset` places into the block.
    func address(_ offset: UInt64) -> String { Self.format(base &+ UInt32(truncatingIfNeeded: offset)) }

    /// The `index`-th sub-block of prefix `length` (wraps around inside the block).
    func subBlock(_ index: Int, length sub: Int) -> IPv4Block {
        let count = UInt64(1) << UInt64(sub - length)
        let step = UInt64(1) << UInt64(32 - sub)
        return IPv4Block(base &+ UInt32(truncatingIfNeeded: (UInt64(index) % count) * step), sub)
    }

    func contains(_ other: IPv4Block) -> Bool {
        other.length >= length && IPv4Block(other.base, length).base == base
    }

    static func format(_ address: UInt32) -> String {
        "\(address >> 24).\(address >> 16 & 0xff).\(address >> 8 & 0xff).\(address & 0xff)"
    }
}
