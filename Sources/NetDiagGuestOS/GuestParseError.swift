/// A guest capture that cannot be read at all: the line (1-based, 0 when the whole input is at
/// fault) and why. `GuestFolderReader` turns it into an `InventoryIssue` naming the file.
public struct GuestParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, _ message: String) {
        self.line = line; self.message = message
    }

    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}

extension StringProtocol {
    /// The lines of a capture, empty ones kept so line numbers stay right. Splits on `\n` and on
    /// `\r\n`, which Swift treats as one Character (Windows captures end their lines so).
    var lines: [SubSequence] { split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) }
}
