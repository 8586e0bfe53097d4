/// Why a rule file could not be loaded: a syntax error, a missing or ill-typed field, a duplicate id.
public struct RuleProblem: Error, Hashable, Sendable, CustomStringConvertible, Codable {
    public var file: String
    /// The line of the offending declaration, when known.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file; self.line = line; self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
