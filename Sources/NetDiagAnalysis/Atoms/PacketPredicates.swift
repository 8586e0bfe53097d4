/// Everything that can tell two packets to one destination apart, for one protocol: the
/// rectangles (source addresses × destination ports) of the configuration entries the rules
/// match packets against, and cut points (from guest firewalls, listeners and the rules' own
/// constants) that split a whole dimension.
///
/// Two packets that lie in the same rectangles and between the same cut points are treated
/// alike by every rule, provided each rule decides by membership in those entries: the
/// assumption docs/analysis.md states and the cross-check tests verify.
public struct PacketPredicates: Equatable, Sendable {
    public struct Rectangle: Hashable, Sendable {
        public var addresses: Interval
        public var ports: Interval
    }

    /// Rectangles of entries a rule walks in order until the first that matches (security group
    /// rules): a packet's verdict then depends on the entries up to the first that surely holds
    /// it, not on those after, so packets that differ only there are alike (`CellSignatures`).
    public struct FirstMatch: Equatable, Sendable {
        /// The first rectangle of the walk; the walk's rectangles run from here, in walk order.
        public internal(set) var start: Int
        /// Per rectangle of the walk: the end (exclusive, among all rectangles) of its entry's
        /// rectangles, and whether the walk stops at that entry for every packet the rectangle holds.
        public internal(set) var entryEnds: [Int] = []
        public internal(set) var stops: [Bool] = []

        /// The end (exclusive) of the walk's rectangles.
        public var end: Int { start + entryEnds.count }
    }

    public var rectangles: [Rectangle] = []
    public var addressCuts: Set<UInt64> = []
    public var portCuts: Set<UInt64> = []
    /// Set when some of the rectangles are one first-match walk.
    public internal(set) var firstMatch: FirstMatch?

    public init() {}

    mutating func add(addresses: Interval, ports: Interval = .allPorts) {
        rectangles.append(Rectangle(addresses: addresses, ports: ports))
    }

    /// Appends one entry of the first-match walk (after the entries added so far; no other
    /// rectangle may be added between two): its rectangles, and whether the walk surely stops at
    /// the entry for a packet they hold.
    mutating func addWalkEntry(_ entryRectangles: [Rectangle], stops: Bool) {
        if firstMatch == nil { firstMatch = FirstMatch(start: rectangles.count) }
        precondition(firstMatch!.end == rectangles.count, "walk entries must be added one after another")
        let end = rectangles.count + entryRectangles.count
        rectangles += entryRectangles
        firstMatch!.entryEnds += Array(repeating: end, count: entryRectangles.count)
        firstMatch!.stops += Array(repeating: stops, count: entryRectangles.count)
    }

    mutating func cutAddresses(_ interval: Interval) { addressCuts.cut(at: interval) }
    mutating func cutPorts(_ interval: Interval) { portCuts.cut(at: interval) }
}

/// The predicates of one destination and protocol, by the rule category that reads them.
/// A rule of a category not listed here may read anything: it gets every family's predicates.
public struct PredicateFamilies: Sendable {
    public var byCategory: [String: PacketPredicates]

    /// Every family's predicates together.
    public var union: PacketPredicates {
        // No first-match walk: the union only cuts the grid, and a category without predicates
        // of its own is told apart by every rectangle.
        var all = PacketPredicates()
        typealias Rectangle = PacketPredicates.Rectangle
        for p in byCategory.values {
            all.rectangles += p.rectangles
            all.addressCuts.formUnion(p.addressCuts)
            all.portCuts.formUnion(p.portCuts)
        }
        var seen: Set<Rectangle> = []
        all.rectangles = all.rectangles.filter { seen.insert($0).inserted }
        return all
    }

    /// The predicates the rules of `category` read.
    public func predicates(for category: String) -> PacketPredicates { byCategory[category] ?? union }
}
