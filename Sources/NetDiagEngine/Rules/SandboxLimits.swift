/// What rules may use before the host stops them with an `error` finding.
public struct SandboxLimits: Hashable, Sendable {
    /// Lua VM instructions per call (checked every 1,000). Default 10 million: about 50 ms.
    public var instructionBudget: Int
    /// Bytes a call may allocate beyond what the interpreter held when it began. Default 64 MiB.
    public var memoryPerCall: Int
    /// Bytes the whole interpreter may hold while rules run, cached inventory views included.
    /// Default 1 GiB.
    public var memoryPerInterpreter: Int
    /// Wall-clock time per call, spent in Lua or in the C functions the sandbox exposes (the
    /// pattern matcher, `string.rep`, the table functions, `load`). Default 2 seconds: forty
    /// times what the instruction budget allows, so it ends only work the budget cannot see.
    /// `.zero`: no limit.
    public var timeLimit: Duration

    public init(instructionBudget: Int = 10_000_000, memoryPerCall: Int = 64 << 20,
                memoryPerInterpreter: Int = 1 << 30, timeLimit: Duration = .seconds(2)) {
        self.instructionBudget = instructionBudget
        self.memoryPerCall = memoryPerCall
        self.memoryPerInterpreter = memoryPerInterpreter
        self.timeLimit = timeLimit
    }

    /// The allocator's cap for a call that starts with `used` bytes held; 0 means none.
    func cap(whenHolding used: Int) -> Int {
        let perCall = memoryPerCall == 0 ? Int.max : used + memoryPerCall
        let perInterpreter = memoryPerInterpreter == 0 ? Int.max : memoryPerInterpreter
        let cap = min(perCall, perInterpreter)
        return cap == Int.max ? 0 : cap
    }

    /// The time limit in nanoseconds, for the shim (0: none).
    var timeLimitNanoseconds: Int64 {
        let (seconds, attoseconds) = timeLimit.components
        return max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// The time limit in whole milliseconds, as messages and the CLI state it.
    public var timeLimitMilliseconds: Int64 { timeLimitNanoseconds / 1_000_000 }
}
