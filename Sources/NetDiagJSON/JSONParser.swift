/// A strict JSON (RFC 8259) parser over bytes, for the loader's hot path (region-scale
/// inventories are hundreds of MiB of API responses) and the guest tools' JSON. Errors carry the
/// byte offset, its line, and whether the input ended early (a truncated file).
///
/// It validates the whole document and records it as `JSONDocument` nodes; strings and numbers
/// become Swift values only when read.
public struct JSONParser {
    public struct Failure: Error, Sendable {
        public var offset: Int
        public var message: String
        /// True when the bytes ended before the document was complete.
        public var truncated: Bool

        /// The 1-based line and column of the offset in `bytes`.
        public func lineAndColumn(in bytes: some Sequence<UInt8>) -> (line: Int, column: Int) {
            var line = 1, column = 1, index = 0
            for byte in bytes {
                if index == offset { break }
                if byte == 0x0a { line += 1; column = 1 } else if byte & 0xc0 != 0x80 { column += 1 }
                index += 1
            }
            return (line, column)
        }
    }

    private let bytes: [UInt8]
    private var i = 0
    private(set) var nodes: [JSONDocument.Node] = []

    init(_ bytes: [UInt8], at offset: Int = 0) { self.bytes = bytes; i = offset }

    /// Parses one document; anything but whitespace after it is an error.
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        try JSONDocument(parsing: bytes).value(JSONDocument.root)
    }

    /// The nodes of the one document in `bytes`, the root first.
    static func nodes(of bytes: [UInt8]) throws(Failure) -> [JSONDocument.Node] {
        guard bytes.count < UInt32.max else {
            throw Failure(offset: 0, message: "the document is larger than 4 GiB", truncated: false)
        }
        var parser = JSONParser(bytes)
        // API responses hold about one node per ten bytes: one allocation for most files.
        parser.nodes.reserveCapacity(bytes.count / 8 + 1)
        parser.skipSpace()
        try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.i == bytes.count else { throw parser.fail("unexpected text after the JSON document") }
        return parser.nodes
    }

    private func fail(_ message: String) -> Failure {
        Failure(offset: i, message: message, truncated: i >= bytes.count)
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0a || bytes[i] == 0x0d || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func append(_ kind: JSONDocument.Kind, start: Int, end: Int, flag: Bool = false, tag: UInt16 = 0) {
        nodes.append(JSONDocument.Node(kind: kind, flag: flag, tag: tag, start: start, end: end, next: nodes.count + 1))
    }

    private mutating func value(depth: Int) throws(Failure) {
        guard depth < 512 else { throw fail("nested too deeply") }
        guard i < bytes.count else { throw fail("expected a value") }
        let start = i
        switch bytes[i] {
        case UInt8(ascii: "{"): try object(depth: depth)
        case UInt8(ascii: "["): try array(depth: depth)
        case UInt8(ascii: "\""):
            let plain = try scanString().plain
            append(.string, start: start + 1, end: i - 1, flag: plain)
        case UInt8(ascii: "t"): try literal("true"); append(.bool, start: start, end: i, flag: true)
        case UInt8(ascii: "f"): try literal("false"); append(.bool, start: start, end: i)
        case UInt8(ascii: "n"): try literal("null"); append(.null, start: start, end: i)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[i])))'")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count else { i = bytes.count; throw fail("expected \(word)") }
        for k in 0..<count where bytes[i + k] != word.utf8Start[k] { throw fail("expected \(word)") }
        i += count
    }

    /// An object's node holds its member count, and is flagged when its names are distinct
    /// plain ASCII; each member is a string node (the name) followed by the value's nodes.
    private mutating func object(depth: Int) throws(Failure) {
        let index = nodes.count
        append(.object, start: i, end: 0)
        i += 1
        var count = 0
        var distinct = true, seen: UInt64 = 0
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; close(index, count: count, flag: distinct); return }
        while true {
            skipSpace()
            guard i < bytes.count else { throw fail("expected a member name") }
            guard bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a member name in double quotes") }
            let start = i + 1
            let plain = try scanString().plain
            let tag = plain ? bytes.withUnsafeBufferPointer { JSONDocument.tag(UnsafeBufferPointer(rebasing: $0[start..<i - 1])) } : 0
            append(.string, start: start, end: i - 1, flag: plain, tag: tag)
            if distinct { distinct = isNewName(nodes.count - 1, in: index, after: count, seen: &seen) }
            skipSpace()
            guard i < bytes.count else { throw fail("expected ':'") }
            guard bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after the member name") }
            i += 1
            skipSpace()
            try value(depth: depth + 1)
            count += 1
            skipSpace()
            guard i < bytes.count else { throw fail("expected ',' or '}'") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; close(index, count: count, flag: distinct); return }
            throw fail("expected ',' or '}'")
        }
    }

    /// Whether the name node `name` is plain and differs from the `count` earlier (plain) names
    /// of `object`. `seen` has one of its 64 bits set for each earlier name's tag, so most
    /// names are compared with none.
    private func isNewName(_ name: Int, in object: Int, after count: Int, seen: inout UInt64) -> Bool {
        let node = nodes[name]
        guard node.flag else { return false }
        let bit: UInt64 = 1 << (node.tag & 63)
        defer { seen |= bit }
        if seen & bit == 0 { return true }
        return bytes.withUnsafeBufferPointer { all in
            var earlier = object + 1
            for _ in 0..<count {
                let other = nodes[earlier]
                if other.tag == node.tag, other.end - other.start == node.end - node.start,
                   JSONDocument.equal(all.baseAddress! + other.start, UnsafeBufferPointer(rebasing: all[node.start..<node.end])) {
                    return false
                }
                earlier = nodes[earlier + 1].next
            }
            return true
        }
    }

    private mutating func array(depth: Int) throws(Failure) {
        let index = nodes.count
        append(.array, start: i, end: 0)
        i += 1
        var count = 0
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; close(index, count: count); return }
        while true {
            skipSpace()
            try value(depth: depth + 1)
            count += 1
            skipSpace()
            guard i < bytes.count else { throw fail("expected ',' or ']'") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; close(index, count: count); return }
            throw fail("expected ',' or ']'")
        }
    }

    /// Sets a container's element count and flag, and where its subtree ends.
    private mutating func close(_ index: Int, count: Int, flag: Bool = false) {
        nodes[index].end = count
        nodes[index].flag = flag
        nodes[index].next = nodes.count
    }

    /// Reads the string whose opening quote is at `i`, leaving `i` after its closing quote.
    /// `plain`: ASCII without escapes. `decoded`: the UTF-8 of a string with escapes; nil when
    /// the text is the bytes between the quotes (checked to be UTF-8).
    mutating func scanString() throws(Failure) -> (plain: Bool, decoded: [UInt8]?) {
        i += 1
        let start = i
        // The common case, no escapes: only checked, and only non-ASCII bytes need a UTF-8 check.
        var high: UInt8 = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                if high >= 0x80 {
                    let valid = bytes.withUnsafeBufferPointer {
                        String(validating: UnsafeBufferPointer(rebasing: $0[start..<i]), as: UTF8.self) != nil
                    }
                    guard valid else { throw fail("invalid UTF-8 in a string") }
                }
                i += 1
                return (high < 0x80, nil)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw fail("control character in a string") }
            high |= byte
            i += 1
        }
        var out = Array(bytes[start..<min(i, bytes.count)])
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                i += 1
                guard out.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) != nil else {
                    throw fail("invalid UTF-8 in a string")
                }
                return (false, out)
            }
            if byte < 0x20 { throw fail("control character in a string") }
            if byte != UInt8(ascii: "\\") { out.append(byte); i += 1; continue }
            i += 1
            guard i < bytes.count else { break }
            switch bytes[i] {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5c)
            case UInt8(ascii: "/"): out.append(0x2f)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0c)
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate in a \\u escape")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate in a \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default: throw fail("invalid escape in a string")
            }
            i += 1
        }
        throw fail("unterminated string")
    }

    /// Reads the four hex digits after `\u`, leaving `i` on the last one.
    private mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 < bytes.count else { i = bytes.count; throw fail("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            i += 1
            guard let digit = Self.hexDigit(bytes[i]) else { throw fail("invalid \\u escape") }
            value = value << 4 | digit
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// A number's node is flagged when it has no fraction or exponent.
    private mutating func number() throws(Failure) {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, Self.isDigit(bytes[i]) else { throw fail("expected a digit") }
        if bytes[i] == UInt8(ascii: "0") { i += 1 } else { while i < bytes.count, Self.isDigit(bytes[i]) { i += 1 } }
        var integral = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            integral = false
            i += 1
            guard i < bytes.count, Self.isDigit(bytes[i]) else { throw fail("expected a digit after '.'") }
            while i < bytes.count, Self.isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            integral = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, Self.isDigit(bytes[i]) else { throw fail("expected a digit in the exponent") }
            while i < bytes.count, Self.isDigit(bytes[i]) { i += 1 }
        }
        // Integers of up to 18 digits always fit an Int; anything else must at least be a Double.
        if !integral || i - start > 18 {
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            guard (integral && Int(text) != nil) || Double(text) != nil else { throw fail("invalid number") }
        }
        append(.number, start: start, end: i, flag: integral)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
