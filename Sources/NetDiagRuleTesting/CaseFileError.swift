import Foundation

/// A case file that cannot be used: unreadable, malformed YAML, a missing or ill-typed field, an
/// inventory that does not load. Names the file and the field (`path.port`,
/// `expect.findings.security-group.ingress.status`).
public struct CaseFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// The dotted field, empty when the problem is the whole file.
    public var field: String
    /// The line in the file, when known.
    public var line: Int?
    public var message: String

    public init(file: String, field: String, line: Int? = nil, message: String) {
        self.file = file; self.field = field; self.line = line; self.message = message
    }

    /// `file:line: field: message`.
    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return field.isEmpty ? "\(place): \(message)" : "\(place): \(field): \(message)"
    }
}
