/// The cells of a grid (address atom × port atom) grouped by the predicates of one rule family:
/// atoms lying in the same rectangles and cut intervals are merged into classes first, then
/// cells whose (address class, port class) lie in the same rectangles get one signature. Cells
/// with one signature are alike for every predicate of the family, so one packet speaks for all.
/// Of a first-match walk's rectangles, a signature keeps only those up to the entry of the first
/// one that surely stops the walk: what lies after cannot change the verdict.
struct CellSignatures {
    /// The class of each address atom and of each port atom.
    let addressClass: [Int]
    let portClass: [Int]
    /// The signature of (address class, port class), row by row of address classes.
    private var table: [Int] = []
    private let portClasses: Int
    /// One cell (address atom, port atom) of each signature.
    private(set) var representatives: [(Int, Int)] = []
    /// What each signature stands for: its address and port cut intervals, then the rectangles
    /// holding it. Two grids over the same predicates give a class the same key.
    private(set) var keys: [[UInt64]] = []

    init(_ predicates: PacketPredicates, addresses: [Interval], ports: [Interval?]) {
        let rectangles = predicates.rectangles
        let words = max(1, (rectangles.count + 63) / 64)
        // Each rectangle marks the atoms it holds: atoms never straddle its edges, so they are the
        // atoms whose first value lies inside it, found by binary search on the sorted atoms.
        // Atom k's marks are words k * words ..< (k + 1) * words of one flat array.
        func marks(_ lows: [UInt64], _ span: (PacketPredicates.Rectangle) -> Interval?) -> [UInt64] {
            var out = [UInt64](repeating: 0, count: lows.count * words)
            for (r, rect) in rectangles.enumerated() {
                let word = r / 64, bit = UInt64(1) << UInt64(r % 64)
                guard let range = span(rect) else {
                    for k in lows.indices { out[k * words + word] |= bit }
                    continue
                }
                var k = Self.firstAtLeast(range.lo, in: lows)
                while k < lows.count, lows[k] <= range.hi { out[k * words + word] |= bit; k += 1 }
            }
            return out
        }
        let addressLows = addresses.map(\.lo)
        let aBits = marks(addressLows) { $0.addresses }
        let pBits = ports.first! == nil ? marks([0]) { _ in nil } : marks(ports.map { $0!.lo }) { $0.ports }
        let aCuts = predicates.addressCuts.sorted(), pCuts = predicates.portCuts.sorted()
        // A class key is [cut interval] + the atom's marks; one buffer is reused for the lookups,
        // so only a new class allocates.
        func classes(_ bits: [UInt64], count: Int, _ cutIndex: (Int) -> Int) -> ([Int], [[UInt64]]) {
            var ids: [[UInt64]: Int] = [:], of: [Int] = [], keys: [[UInt64]] = []
            of.reserveCapacity(count)
            var key = [UInt64](repeating: 0, count: words + 1)
            for k in 0..<count {
                key[0] = UInt64(cutIndex(k))
                for w in 0..<words { key[w + 1] = bits[k * words + w] }
                if let id = ids[key] { of.append(id); continue }
                ids[key] = keys.count; of.append(keys.count); keys.append(key)
            }
            return (of, keys)
        }
        // The cut interval an atom lies in: how many cut points are at or below its first value.
        let (aOf, aKeys) = classes(aBits, count: addresses.count) { Self.firstAtLeast(addressLows[$0] + 1, in: aCuts) }
        let (pOf, pKeys) = classes(pBits, count: ports.count) { k in ports[k].map { Self.firstAtLeast($0.lo + 1, in: pCuts) } ?? 0 }
        addressClass = aOf
        portClass = pOf
        portClasses = pKeys.count
        var firstAddress = [Int](repeating: -1, count: aKeys.count), firstPort = [Int](repeating: -1, count: pKeys.count)
        for (i, c) in aOf.enumerated() where firstAddress[c] < 0 { firstAddress[c] = i }
        for (j, c) in pOf.enumerated() where firstPort[c] < 0 { firstPort[c] = j }
        var ids: [[UInt64]: Int] = [:]
        table.reserveCapacity(aKeys.count * pKeys.count)
        var key = [UInt64](repeating: 0, count: words + 2)
        let walk = predicates.firstMatch.map { WalkBits($0, words: words) }
        for (a, aKey) in aKeys.enumerated() {
            for (p, pKey) in pKeys.enumerated() {
                key[0] = aKey[0]
                key[1] = pKey[0]
                for w in 1...words { key[w + 1] = aKey[w] & pKey[w] }
                walk?.truncate(&key, offset: 2)
                if let id = ids[key] { table.append(id); continue }
                ids[key] = representatives.count
                table.append(representatives.count)
                representatives.append((firstAddress[a], firstPort[p]))
                keys.append(key)
            }
        }
    }

    func signature(_ i: Int, _ j: Int) -> Int { table[addressClass[i] * portClasses + portClass[j]] }

    /// The index of the first value of `sorted` that is at least `value` (its count when none is).
    static func firstAtLeast(_ value: UInt64, in sorted: [UInt64]) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The bits of a first-match walk in a signature's rectangle words.
    private struct WalkBits {
        let walk: PacketPredicates.FirstMatch
        /// The rectangles at which the walk surely stops.
        let stops: [UInt64]

        init(_ walk: PacketPredicates.FirstMatch, words: Int) {
            self.walk = walk
            var stops = [UInt64](repeating: 0, count: words)
            for (k, stop) in walk.stops.enumerated() where stop {
                let r = walk.start + k
                stops[r / 64] |= UInt64(1) << UInt64(r % 64)
            }
            self.stops = stops
        }

        /// Clears the walk's rectangles after the entry of the first held one that stops it.
        func truncate(_ key: inout [UInt64], offset: Int) {
            guard walk.start < walk.end else { return }
            for w in (walk.start / 64)...((walk.end - 1) / 64) {
                let held = key[w + offset] & stops[w]
                guard held != 0 else { continue }
                let first = w * 64 + held.trailingZeroBitCount
                clear(&key, offset: offset, from: walk.entryEnds[first - walk.start], to: walk.end)
                return
            }
        }

        private func clear(_ key: inout [UInt64], offset: Int, from lo: Int, to hi: Int) {
            var r = lo
            while r < hi {
                let w = r / 64, bit = r % 64
                let count = min(64 - bit, hi - r)
                let mask = count == 64 ? UInt64.max : ((UInt64(1) << UInt64(count)) - 1) << UInt64(bit)
                key[w + offset] &= ~mask
                r += count
            }
        }
    }
}
