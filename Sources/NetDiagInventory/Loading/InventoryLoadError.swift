import NetDiagModel

/// A load that failed: every error found (malformed JSON, a wrong type, a missing required file,
/// an invalid value), each naming its file and path, plus the warnings found on the way.
public struct InventoryLoadError: Error, Sendable, CustomStringConvertible {
    /// The errors, in the order found; never empty.
    public var errors: [InventoryIssue]
    public var warnings: [InventoryIssue]

    public init(errors: [InventoryIssue], warnings: [InventoryIssue] = []) {
        self.errors = errors; self.warnings = warnings
    }

    /// One error per line.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
