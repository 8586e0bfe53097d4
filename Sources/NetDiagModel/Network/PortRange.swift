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

    /// Parses `22/22`, `1/65535`, `-1/-1`, or a bare port `22`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
              let s = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let e = Int(parts[parts.count - 1].trimmingCharacters(in: .whitespaces)) else { return nil }
        self.init(start: s, end: e)
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
