import NetDiagModel

/// Collects the errors and warnings of one load, in the order found, without duplicates.
/// One sink is shared by every cursor and mapper of a load; a load runs on one thread.
final class IssueSink {
    private(set) var errors: [InventoryIssue] = []
    private(set) var warnings: [InventoryIssue] = []
    private var seen: Set<InventoryIssue> = []

    /// Records an error: the load will fail, but reading goes on to find more.
    func error(_ file: String, _ location: String, _ message: String) {
        add(InventoryIssue(.error, file: file, location: location, message: message))
    }

    /// Records a warning: the load succeeds and reports it beside the model.
    func warning(_ file: String, _ location: String, _ message: String) {
        add(InventoryIssue(.warning, file: file, location: location, message: message))
    }

    /// Records an issue built elsewhere, keeping its severity.
    func add(_ issue: InventoryIssue) {
        guard seen.insert(issue).inserted else { return }
        if issue.severity == .error { errors.append(issue) } else { warnings.append(issue) }
    }
}
