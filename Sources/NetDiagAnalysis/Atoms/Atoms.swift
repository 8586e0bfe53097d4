/// The atoms of one dimension (addresses or ports): the universe cut at every breakpoint, so
/// that no predicate's interval starts or ends inside an atom. Any predicate built from those
/// intervals is therefore constant on each atom (the atomic-predicates idea, in one dimension).
public struct Atoms: Sendable {
    /// Atom `k` is `starts[k] ... starts[k + 1] - 1`; the last one ends at `end`.
    public let starts: [UInt64]
    public let end: UInt64

    /// Cuts `universe` at every breakpoint inside it (a breakpoint is the first value of a new atom).
    public init(universe: Interval, breakpoints: Set<UInt64>) {
        var cuts = breakpoints.filter { $0 > universe.lo && $0 <= universe.hi }
        cuts.insert(universe.lo)
        starts = cuts.sorted()
        end = universe.hi
    }

    public var count: Int { starts.count }

    public subscript(k: Int) -> Interval {
        Interval(starts[k], k + 1 < starts.count ? starts[k + 1] - 1 : end)
    }
}

extension Set where Element == UInt64 {
    /// Adds the two breakpoints an interval needs: where it starts and just after it ends.
    public mutating func cut(at interval: Interval) {
        insert(interval.lo)
        insert(interval.hi + 1)
    }
}
