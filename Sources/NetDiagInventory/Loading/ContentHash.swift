import Foundation

/// A stable 64-bit FNV-1a-style hash of an inventory's files (file contents folded in 64-bit
/// words), used to tell whether an inventory changed between two runs. Not a cryptographic hash.
public enum ContentHash {
    /// Hashes a single file, or every regular file under a folder except hidden ones and `*.md`:
    /// for each file in order of its relative path, the path, a NUL, the bytes, a NUL.
    /// Returns 16 lower-case hex digits.
    public static func of(path: URL) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path.path])
        }
        var hash = FNV1a()
        if !isDirectory.boolValue {
            hash.add(Array(path.lastPathComponent.utf8)); hash.add([0])
            hash.add([UInt8](try Data(contentsOf: path))); hash.add([0])
            return hash.hex
        }
        let root = path.path
        for relative in try files(under: root) {
            hash.add(Array(relative.utf8)); hash.add([0])
            let file = root + "/" + relative
            hash.add(try FileBytes.contents(atPath: file) ?? [UInt8](Data(contentsOf: URL(fileURLWithPath: file))))
            hash.add([0])
        }
        return hash.hex
    }

    /// Relative paths of the hashed files under the folder `root`, sorted by their UTF-8 bytes.
    /// Paths are plain string joins: a `URL` per file was a visible share of hashing.
    static func files(under root: String) throws -> [String] {
        let manager = FileManager.default
        var out: [String] = []
        var pending = [""]
        while let folder = pending.popLast() {
            for name in try manager.contentsOfDirectory(atPath: folder.isEmpty ? root : root + "/" + folder)
            where !name.hasPrefix(".") {
                let relative = folder.isEmpty ? name : folder + "/" + name
                var isDirectory: ObjCBool = false
                guard manager.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue { pending.append(relative) } else if !name.hasSuffix(".md") { out.append(relative) }
            }
        }
        return out.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }
}

/// 64-bit FNV-1a.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Bytes eight at a time (a path, a file's contents, a NUL): each little-endian 64-bit word
    /// is folded in like one FNV-1a step, then the remaining bytes one by one. Byte by byte,
    /// hashing was a tenth of loading a large region (one multiply per byte); by word it is an
    /// eighth of that.
    mutating func add(_ data: [UInt8]) {
        var h = value
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let words = raw.count / 8
            for index in 0..<words {
                h ^= UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
                h = h &* 0x0000_0100_0000_01b3
            }
            for byte in raw[(words * 8)...] {
                h ^= UInt64(byte)
                h = h &* 0x0000_0100_0000_01b3
            }
        }
        value = h
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
