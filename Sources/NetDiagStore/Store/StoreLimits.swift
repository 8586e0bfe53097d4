/// Limits per region, as the console's (not raisable there). The CLI always uses the
/// defaults; library tests may lower them to stay fast.
public struct StoreLimits: Hashable, Sendable {
    public var pathsPerRegion: Int
    /// Task records kept in a region, running or not.
    public var tasksPerRegion: Int
    /// Running tasks in a region at once.
    public var concurrentTasksPerRegion: Int
    /// Default cap on kept task records per path, until `netdiag task keep N` changes it.
    public var defaultKeepPerPath: Int

    public init(pathsPerRegion: Int = 100, tasksPerRegion: Int = 1_000, concurrentTasksPerRegion: Int = 5,
                defaultKeepPerPath: Int = 50) {
        self.pathsPerRegion = pathsPerRegion; self.tasksPerRegion = tasksPerRegion
        self.concurrentTasksPerRegion = concurrentTasksPerRegion; self.defaultKeepPerPath = defaultKeepPerPath
    }

    /// The console's limits.
    public static let console = StoreLimits()

    /// Allowed values of the per-path cap.
    public static let keepRange = 1...1_000
}
