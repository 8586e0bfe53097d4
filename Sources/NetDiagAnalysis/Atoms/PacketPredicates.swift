/// Everything that can tell two packets to one destination apart, for one protocol: the
/// rectangles (source addresses × destination ports) of the configuration entries the rules
/// match packets against, and cut points (from guest firewalls, listeners and the rules' own
/// constants) that split a whole dimension.
///
/// Two packets that lie in the same rectangles and between the same cut points are treated
/// alike by every rule, provided each rule decides by membership in those entries: the
/// assumption docs/analysis.md states and the cross-check tests verify.
public struct PacketPredicates: Sendable {
    public struct Rectangle: Hashable, Sendable {
        public var addresses: Interval
        public var ports: Interval
    }

    public var rectangles: [Rectangle] = []
    public var addressCuts: Set<UInt64> = []
    public var portCuts: Set<UInt64> = []

    public init() {}

    mutating func add(addresses: Interval, ports: Interval = .allPorts) {
        rectangles.append(Rectangle(addresses: addresses, ports: ports))
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
