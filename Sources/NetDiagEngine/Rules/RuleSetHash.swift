/// A stable fingerprint of a rule set, stored with every diagnostic task so a past result can
/// be tied to the exact rules that produced it.
public enum RuleSetHash {
    /// 64-bit FNV-1a over the sources sorted by path: for each file, its path (relative to the
    /// folder it was loaded from, so `rules` and `/abs/rules` hash alike), a NUL, its text, a NUL.
    /// Returns 16 lower-case hex digits. Not a cryptographic hash.
    public static func of(_ sources: [RuleSource], folders: [String] = []) -> String {
        let prefixes = folders.map { $0.hasSuffix("/") ? $0 : $0 + "/" }.sorted { $0.count > $1.count }
        let entries = sources.map { source -> (String, String) in
            var path = source.path
            if let prefix = prefixes.first(where: { path.hasPrefix($0) }) { path.removeFirst(prefix.count) }
            return (path, source.text)
        }.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                value ^= UInt64(byte)
                value = value &* 0x0000_0100_0000_01b3
            }
        }
        for (path, text) in entries {
            add(path.utf8); add([0])
            add(text.utf8); add([0])
        }
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
