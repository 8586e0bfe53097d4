import NetDiagModel

/// Where the scanned traffic comes from: the internet, or one public address block of it.
/// Addresses are IPv4; the region's own public addresses (EIPs, public IPs, NAT gateway
/// addresses) are not internet clients, so no packet is ever sent from one.
public struct SourceScope: Sendable {
    /// How the scope was asked for: `internet` or a block.
    public let name: String
    /// The source addresses, as disjoint intervals in address order.
    public let universe: [Interval]
    /// Addresses inside the universe that no packet may come from.
    let regionAddresses: Set<UInt64>
    /// The instance or ENI that sends every packet (`reach --from`), instead of an address.
    let sourceObject: String?

    /// Packets from one object of the region: its primary address is the whole universe.
    public init(object: Destination) {
        name = object.id
        universe = CIDRText.address(object.address).map { [Interval($0, $0)] } ?? []
        regionAddresses = []
        sourceObject = object.id
    }

    /// What a diagnosis names as the source of a packet from `address`.
    func source(_ address: UInt64) -> String { sourceObject ?? Interval.dotted(address) }

    /// The blocks no VPC routes to the internet (the rules' private blocks: cloud.lua's list).
    static let privateBlocks = ["10.0.0.0/8", "100.64.0.0/10", "172.16.0.0/12", "192.168.0.0/16"]

    /// `internet` (every public IPv4 address) or a public IPv4 block such as `203.0.113.0/24`.
    /// Throws a message naming the value when it is neither, or when the block is private.
    public init(_ text: String, index: InventoryIndex) throws(AnalysisError) {
        let privates = Self.privateBlocks.compactMap { Interval(cidr: $0) }
        var block = Interval.allAddresses
        if text != "internet" {
            guard let parsed = Interval(cidr: text) else {
                throw .badInput("--from '\(text)': expected `internet` or an IPv4 block such as 203.0.113.0/24")
            }
            if let overlap = privates.first(where: { $0.overlaps(parsed) }) {
                throw .badInput("--from '\(text)': the block overlaps the private range \(overlap.cidrs[0]); the scan takes internet (public) sources only")
            }
            block = parsed
        }
        var pieces: [Interval] = []
        var next = block.lo
        for p in privates.sorted() where p.overlaps(block) {
            if p.lo > next { pieces.append(Interval(next, p.lo - 1)) }
            next = p.hi + 1
        }
        if next <= block.hi { pieces.append(Interval(next, block.hi)) }
        name = text
        universe = pieces
        var owned: Set<UInt64> = []
        let inv = index.inventory
        let texts = inv.eips.map(\.ip) + inv.instances.flatMap { $0.publicIps + [$0.eip].compactMap { $0 } }
            + inv.networkInterfaces.flatMap(\.publicIps) + inv.natGateways.flatMap(\.ips)
        for t in texts { if let a = CIDRText.address(t) { owned.insert(a) } }
        regionAddresses = owned
        sourceObject = nil
    }

    /// An address of `atom` a packet may come from (its middle, or the nearest allowed one), or
    /// nil when every address of the atom belongs to the region.
    func representative(of atom: Interval) -> UInt64? {
        let middle = atom.lo + (atom.hi - atom.lo) / 2
        var candidate = middle
        // Region addresses are isolated points, so the walk is short.
        while regionAddresses.contains(candidate) {
            candidate = candidate == atom.hi ? atom.lo : candidate + 1
            if candidate == middle { return nil }
        }
        return candidate
    }
}

/// Bad input to an analysis: the message names the value and what was expected.
public enum AnalysisError: Error, CustomStringConvertible, Sendable {
    case badInput(String)
    case engine(String)

    public var description: String {
        switch self {
        case .badInput(let m): m
        case .engine(let m): "rule engine: \(m)"
        }
    }
}
