/// A problem found while loading an inventory. Errors stop the load; warnings are kept
/// beside the model (a dangling reference, an unreadable optional file).
public struct InventoryIssue: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var severity: Severity
    /// The file the problem is in, relative to the inventory folder when possible.
    public var file: String
    /// A JSON path (`$.Instances.Instance[3].Status`) or a resource id.
    public var location: String
    public var message: String

    public init(_ severity: Severity, file: String, location: String = "", message: String) {
        self.severity = severity; self.file = file; self.location = location; self.message = message
    }

    public var description: String {
        let place = location.isEmpty ? file : "\(file): \(location)"
        return "\(severity.rawValue): \(place): \(message)"
    }
}
