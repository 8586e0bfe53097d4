/// What one rule call may use before the host stops it with an `error` finding.
public struct SandboxLimits: Hashable, Sendable {
    /// Lua VM instructions per call (checked every 1,000). Default 10 million: about 50 ms.
    public var instructionBudget: Int
    /// Bytes a call may allocate beyond what the interpreter held when it began. Default 64 MiB.
    public var memoryPerCall: Int

    public init(instructionBudget: Int = 10_000_000, memoryPerCall: Int = 64 << 20) {
        self.instructionBudget = instructionBudget
        self.memoryPerCall = memoryPerCall
    }
}
