/// What rules may use before the host stops them with an `error` finding.
public struct SandboxLimits: Hashable, Sendable {
    /// Lua VM instructions per call (checked every 1,000). Default 10 million: about 50 ms.
    public var instructionBudget: Int
    /// Bytes a call may allocate beyond what the interpreter held when it began. Default 64 MiB.
    public var memoryPerCall: Int
    /// Bytes the whole interpreter may hold while rules run, cached inventory views included.
    /// Default 1 GiB.
    public var memoryPerInterpreter: Int

    public init(instructionBudget: Int = 10_000_000, memoryPerCall: Int = 64 << 20,
                memoryPerInterpreter: Int = 1 << 30) {
        self.instructionBudget = instructionBudget
        self.memoryPerCall = memoryPerCall
        self.memoryPerInterpreter = memoryPerInterpreter
    }

    /// The allocator's cap for a call that starts with `used` bytes held; 0 means none.
    func cap(whenHolding used: Int) -> Int {
        let perCall = memoryPerCall == 0 ? Int.max : used + memoryPerCall
        let perInterpreter = memoryPerInterpreter == 0 ? Int.max : memoryPerInterpreter
        let cap = min(perCall, perInterpreter)
        return cap == Int.max ? 0 : cap
    }
}
