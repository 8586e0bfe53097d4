/// A path field that breaks one of the console's rules. The message names the field (as its
/// command-line option) and the value, and says what is allowed.
public struct PathValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One code per rule, so tests and scripts can tell them apart.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        case nameLength, nameScheme, nameStartsWithDigit, nameStartsWithSpecial, nameCharacters
        case protocolUnknown, portMissing, portUnknown, portOutOfRange, portNotApplicable
        case objectTypeUnknown, objectTypeMismatch, objectMalformed, objectUnknown, privateAddress
        case sameInstance, sameEni, enisOfOneInstance, twoPublicIps
        case secondaryEniUnbound, eniNotInUse, objectNotRunning
        case regionMismatch, vpcUnknown, noObjectInVpc, objectNotInVpc
    }

    public var code: Code
    /// The option the value came from: `--name`, `--port`, `--source`, …
    public var field: String
    public var value: String
    /// What is wrong and what is allowed, without the field and value.
    public var detail: String

    public init(_ code: Code, field: String, value: String, _ detail: String) {
        self.code = code; self.field = field; self.value = value; self.detail = detail
    }

    /// `--port 70000: out of range for tcp; use 1–65535`.
    public var description: String {
        let shown = value.isEmpty ? "''" : (value.contains(" ") || Int(value) == nil ? "'\(value)'" : value)
        return "\(field) \(shown): \(detail)"
    }
}
