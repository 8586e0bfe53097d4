/// The cloud's `start/end` port range; `-1/-1` means every port (icmp, gre, all).
public struct PortRange: Hashable, Sendable, CustomStringConvertible, Codable {
    public let start: Int
    public let end: Int

    public static let any = PortRange(uncheckedStart: -1, end: -1)

    init(uncheckedStart start: Int, end: Int) { self.start = start; self.end = end }

    /// Validates a range: both ends -1, or 1 ≤ start ≤ end ≤ 65535.
    public init?(start: Int, end: Int) {
        guard (start == -1 && end == -1) || (1...65535).contains(start) && (start...65535).contains(end)
        else { return nil }
        self.init(uncheckedStart: start, end: end)
    }

    /// Parses `22/22`, `1/65535`, `-1/-1`, or a bare port `22`; spaces around numbers are allowed.
    public init?(_ text: some StringProtocol) {
        // A byte scanner: the loader parses hundreds of thousands of these at region scale.
        let utf8 = text.utf8
        var index = utf8.startIndex
        func skipSpaces() {
            while index != utf8.endIndex, utf8[index] == UInt8(ascii: " ") || utf8[index] == UInt8(ascii: "\t") {
                index = utf8.index(after: index)
            }
        }
        func number() -> Int? {
            skipSpaces()
            var negative = false
            if index != utf8.endIndex, utf8[index] == UInt8(ascii: "-") { negative = true; index = utf8.index(after: index) }
            var value = 0, digits = 0
            while index != utf8.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(utf8[index]), digits < 7 {
                value = value * 10 + Int(utf8[index] - UInt8(ascii: "0"))
                digits += 1
                index = utf8.index(after: index)
            }
            skipSpaces()
            return digits == 0 ? nil : (negative ? -value : value)
        }
        guard let start = number() else { return nil }
        var end = start
        if index != utf8.endIndex, utf8[index] == UInt8(ascii: "/") {
            index = utf8.index(after: index)
            guard let second = number() else { return nil }
            end = second
        }
        guard index == utf8.endIndex else { return nil }
        self.init(start: start, end: end)
    }

    public var isAny: Bool { start == -1 }

    /// True when `port` is inside the range; `-1/-1` contains every port.
    public func contains(_ port: Int) -> Bool { isAny || (start...end).contains(port) }

    public var description: String { "\(start)/\(end)" }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let range = PortRange(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "expected a port range like 22/22, 1/65535 or -1/-1, got \"\(text)\""))
        }
        self = range
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

import Foundation
