/// A rule's metadata, as its file declares it and the host validated it.
public struct Rule: Hashable, Sendable, Codable {
    /// Whether a failure means unconnectable (`critical`) or only that it may not connect.
    public enum Severity: String, Hashable, Sendable, Codable { case critical, nonCritical = "non-critical" }

    /// Where on the path the rule looks, which also orders the report.
    public enum Side: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
        case source, network, destination, `return`

        public static func < (a: Side, b: Side) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public var id: String
    public var title: String
    public var category: String
    public var severity: Severity
    public var side: Side
    /// Object types the rule applies to: `instance`, `eni`, `public-ip`.
    public var objects: [String]
    public var description: String
    /// Reason codes the rule may report, with their meaning and usual remedy.
    public var reasons: [String: Reason]
    /// Position within its side; smaller first.
    public var order: Int
    /// The file it came from.
    public var file: String

    /// What a reason code means and, for failures, the usual remedy.
    public struct Reason: Hashable, Sendable, Codable {
        public var meaning: String
        public var suggestion: String?

        public init(meaning: String, suggestion: String? = nil) {
            self.meaning = meaning; self.suggestion = suggestion
        }
    }
}
