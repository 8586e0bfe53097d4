/// The cells of a grid (address atom × port atom) grouped by the predicates of one rule family:
/// atoms lying in the same rectangles and cut intervals are merged into classes first, then
/// cells whose (address class, port class) lie in the same rectangles get one signature. Cells
/// with one signature are alike for every predicate of the family, so one packet speaks for all.
struct CellSignatures {
    /// The class of each address atom and of each port atom.
    let addressClass: [Int]
    let portClass: [Int]
    /// signature[addressClass][portClass]
    private(set) var table: [[Int]] = []
    /// One cell (address atom, port atom) of each signature.
    private(set) var representatives: [(Int, Int)] = []

    init(_ predicates: PacketPredicates, addresses: [Interval], ports: [Interval?]) {
        let rectangles = predicates.rectangles
        let words = max(1, (rectangles.count + 63) / 64)
        func bits(_ holds: (PacketPredicates.Rectangle) -> Bool) -> [UInt64] {
            var out = [UInt64](repeating: 0, count: words)
            // Atoms never straddle a rectangle's edge, so holding the atom's first value is enough.
            for (r, rect) in rectangles.enumerated() where holds(rect) { out[r / 64] |= UInt64(1) << UInt64(r % 64) }
            return out
        }
        let aCuts = predicates.addressCuts.sorted(), pCuts = predicates.portCuts.sorted()
        func classes<T>(_ atoms: [T], _ key: (T) -> [UInt64]) -> ([Int], [[UInt64]]) {
            var ids: [[UInt64]: Int] = [:], of: [Int] = [], keys: [[UInt64]] = []
            for atom in atoms {
                let k = key(atom)
                if let id = ids[k] { of.append(id); continue }
                ids[k] = keys.count; of.append(keys.count); keys.append(k)
            }
            return (of, keys)
        }
        let (aOf, aKeys) = classes(addresses) { atom in
            [UInt64(aCuts.count { $0 <= atom.lo })] + bits { $0.addresses.contains(atom.lo) }
        }
        let (pOf, pKeys) = classes(ports) { atom in
            [UInt64(atom.map { a in pCuts.count { $0 <= a.lo } } ?? 0)] + bits { r in atom.map { r.ports.contains($0.lo) } ?? true }
        }
        addressClass = aOf
        portClass = pOf
        var firstAddress = [Int](repeating: -1, count: aKeys.count), firstPort = [Int](repeating: -1, count: pKeys.count)
        for (i, c) in aOf.enumerated() where firstAddress[c] < 0 { firstAddress[c] = i }
        for (j, c) in pOf.enumerated() where firstPort[c] < 0 { firstPort[c] = j }
        var ids: [[UInt64]: Int] = [:]
        for (a, aKey) in aKeys.enumerated() {
            var row: [Int] = []
            for (p, pKey) in pKeys.enumerated() {
                var key = [aKey[0], pKey[0]]
                for w in 1...words { key.append(aKey[w] & pKey[w]) }
                if let id = ids[key] { row.append(id); continue }
                ids[key] = representatives.count
                row.append(representatives.count)
                representatives.append((firstAddress[a], firstPort[p]))
            }
            table.append(row)
        }
    }

    func signature(_ i: Int, _ j: Int) -> Int { table[addressClass[i]][portClass[j]] }
}
