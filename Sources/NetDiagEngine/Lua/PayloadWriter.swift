/// Appends values in the byte format `nd_push_encoded` decodes (described in encoded.c).
/// `LuaPayload` trees write themselves through it; the hottest views (`GroupPayload`) write
/// straight into it, with no tree in between.
struct PayloadWriter {
    private(set) var bytes: [UInt8]
    /// Field names go by slot of this cache when set, else as plain strings.
    let keys: PayloadKeys?

    init(keys: PayloadKeys?) {
        bytes = []
        bytes.reserveCapacity(256)
        self.keys = keys
    }

    /// Empties the bytes for the next value, keeping their storage: a writer kept for every
    /// view neither allocates nor faults in fresh pages.
    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    mutating func null() { bytes.append(UInt8(ascii: "n")) }
    mutating func bool(_ b: Bool) { bytes.append(UInt8(ascii: b ? "t" : "f")) }

    mutating func int(_ i: Int) {
        bytes.append(UInt8(ascii: "i"))
        withUnsafeBytes(of: Int64(i).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func double(_ d: Double) {
        bytes.append(UInt8(ascii: "d"))
        withUnsafeBytes(of: d.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "s"))
        raw(s)
    }

    /// A port range: the read-only table `{start=, end=}`, shared by every view with that range.
    mutating func range(_ start: Int, _ end: Int) {
        bytes.append(UInt8(ascii: "P"))
        withUnsafeBytes(of: Int64(start).littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: Int64(end).littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// The header of a table; then `arrayCount` values, then `fieldCount` key/value pairs.
    mutating func table(arrayCount: Int, fieldCount: Int, mutable: Bool = false) {
        bytes.append(UInt8(ascii: mutable ? "M" : "T"))
        u32(arrayCount)
        u32(fieldCount)
    }

    /// A string from a small set (an enumeration's raw value, a VPC id), sent by slot of the key
    /// cache like a field name: at region scale the decoder would otherwise intern the same few
    /// strings again for every rule of every group. Plain `string` for everything else.
    mutating func symbol(_ s: String) { key(s) }

    /// A field name, before its value.
    mutating func key(_ name: String) { key(name, slot: keys?.slot(name)) }

    /// A field name whose slot the caller looked up (once, for a name it writes many times).
    mutating func key(_ name: String, slot: UInt16?) {
        if let slot {
            bytes.append(UInt8(ascii: "k"))
            withUnsafeBytes(of: slot.littleEndian) { bytes.append(contentsOf: $0) }
        } else {
            bytes.append(UInt8(ascii: "s"))
        }
        raw(name)
    }

    /// `lookups[selector][key]`, or `lookups[selector]` itself for an empty key.
    mutating func reference(selector: Int32, key: String) {
        bytes.append(UInt8(ascii: "L"))
        u32(Int(selector))
        raw(key)
    }

    private mutating func u32(_ n: Int) {
        withUnsafeBytes(of: UInt32(n).littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func raw(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            u32(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }
}
