/// A parsed JSON document as its bytes and one flat list of nodes, read in place: a member is
/// found by comparing name bytes, and a string or number becomes a Swift value only when read.
/// The loader reads a few fields of each API object; building every key, string and container
/// of a region's responses as `JSONValue`s (and freeing them) cost more than the parse itself.
///
/// Nodes are addressed by index; `root` is the document's value. An object's members follow it
/// as name and value pairs, an array's elements follow it in order.
public final class JSONDocument: Sendable {
    /// What a node holds.
    public enum Kind: UInt8, Sendable { case null, bool, number, string, array, object }

    /// 16 bytes, offsets as 32 bits (`JSONParser` refuses larger documents): region-scale
    /// responses make millions of nodes, written to memory touched fresh for every file.
    struct Node: Sendable {
        var kind: Kind
        /// Strings: plain ASCII, no escapes. Numbers: no fraction or exponent. Booleans: true.
        /// Objects: the member names are plain and distinct.
        var flag: Bool
        /// Plain member names: `JSONDocument.tag` of the name, so a lookup skips most names
        /// without reading their bytes.
        var tag: UInt16
        private var rawStart: UInt32, rawEnd: UInt32, rawNext: UInt32

        init(kind: Kind, flag: Bool, tag: UInt16, start: Int, end: Int, next: Int) {
            self.kind = kind; self.flag = flag; self.tag = tag
            rawStart = UInt32(truncatingIfNeeded: start); rawEnd = UInt32(truncatingIfNeeded: end)
            rawNext = UInt32(truncatingIfNeeded: next)
        }

        /// Strings: the first byte after the quote; other values: their first byte.
        var start: Int { Int(rawStart) }
        /// Strings: the closing quote; numbers and literals: one past the last byte;
        /// containers: the number of elements or members.
        var end: Int {
            get { Int(rawEnd) }
            set { rawEnd = UInt32(truncatingIfNeeded: newValue) }
        }
        /// The index of the node after this one and everything inside it.
        var next: Int {
            get { Int(rawNext) }
            set { rawNext = UInt32(truncatingIfNeeded: newValue) }
        }
    }

    /// The index of the document's value.
    public static let root = 0

    private let bytes: [UInt8]
    private let nodes: [Node]

    /// Parses `bytes`, which must hold one JSON document and nothing else but whitespace.
    public init(parsing bytes: [UInt8]) throws(JSONParser.Failure) {
        nodes = try JSONParser.nodes(of: bytes)
        self.bytes = bytes
    }

    public func kind(_ node: Int) -> Kind { nodes[node].kind }

    /// The number of an array's elements or an object's members.
    public func count(_ node: Int) -> Int { nodes[node].end }

    /// The value of the member `key` of an object node; nil when absent. With duplicate names
    /// the last one wins, as in most parsers.
    public func member(_ key: String, of object: Int) -> Int? {
        var contiguous = key
        return contiguous.withUTF8 { wanted in
            let ascii = wanted.allSatisfy { $0 < 0x80 }
            let tag = Self.tag(wanted)
            return nodes.withUnsafeBufferPointer { nodes in
                bytes.withUnsafeBufferPointer { all in
                    var found: Int?
                    let distinct = nodes[object].flag
                    var name = object + 1
                    for _ in 0..<nodes[object].end {
                        let node = nodes[name]
                        // Plain ASCII on both sides compares byte by byte; anything else compares
                        // as `String`s, which treat canonically equivalent text as equal.
                        if node.flag && ascii {
                            if node.tag == tag, node.end - node.start == wanted.count,
                               Self.equal(all.baseAddress! + node.start, wanted) {
                                // With distinct names the first match is the only one.
                                if distinct { return name + 1 }
                                found = name + 1
                            }
                        } else if string(name) == key {
                            found = name + 1
                        }
                        name = nodes[name + 1].next
                    }
                    return found
                }
            }
        }
    }

    /// Whether the bytes at `bytes` start with `wanted`. (A plain loop: the generic
    /// `elementsEqual` cost a few hundred instructions per name.)
    static func equal(_ bytes: UnsafePointer<UInt8>, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        for k in 0..<wanted.count where bytes[k] != wanted[k] { return false }
        return true
    }

    /// A 16-bit digest of a name's bytes, from its length and its first and last eight bytes:
    /// API objects have a few dozen members, and a lookup reads each one's name.
    static func tag(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt16 {
        var first: UInt64 = 0, last: UInt64 = 0
        if utf8.count >= 8 {
            let raw = UnsafeRawBufferPointer(utf8)
            first = raw.loadUnaligned(as: UInt64.self)
            last = raw.loadUnaligned(fromByteOffset: utf8.count - 8, as: UInt64.self)
        } else {
            for byte in utf8 { first = first << 8 | UInt64(byte) }
        }
        let mixed = (first &* 0x9E37_79B9_7F4A_7C15) ^ (last &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(utf8.count)
        return UInt16(truncatingIfNeeded: mixed >> 48)
    }

    /// The nodes of an array's elements, in order.
    public func elements(_ array: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(nodes[array].end)
        var element = array + 1
        for _ in 0..<nodes[array].end {
            out.append(element)
            element = nodes[element].next
        }
        return out
    }

    /// The text of a string node.
    public func string(_ node: Int) -> String {
        let string = nodes[node]
        if !string.flag {
            var parser = JSONParser(bytes, at: string.start - 1)
            // The document was checked when parsed, so this scan succeeds.
            if let decoded = (try? parser.scanString())?.decoded { return String(decoding: decoded, as: UTF8.self) }
        }
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[string.start..<string.end]), as: UTF8.self)
        }
    }

    /// True for a string node holding `""`.
    public func isEmptyString(_ node: Int) -> Bool {
        nodes[node].kind == .string && nodes[node].start == nodes[node].end
    }

    /// The node as a `JSONValue`, with everything inside it.
    public func value(_ node: Int) -> JSONValue {
        let value = nodes[node]
        switch value.kind {
        case .null: return .null
        case .bool: return .bool(value.flag)
        case .string: return .string(string(node))
        case .number:
            let text = String(decoding: bytes[value.start..<value.end], as: UTF8.self)
            if value.flag, let int = Int(text) { return .int(int) }
            // The parser checked that every other number reads as a Double.
            return .number(Double(text) ?? .nan, text: text)
        case .array: return .array(elements(node).map(self.value))
        case .object:
            var object = JSONObject()
            var name = node + 1
            for _ in 0..<value.end {
                object.keys.append(string(name))
                object.values.append(self.value(name + 1))
                name = nodes[name + 1].next
            }
            return .object(object)
        }
    }
}
