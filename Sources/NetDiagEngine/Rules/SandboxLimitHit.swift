import CLuaShim

/// A sandbox limit that ended a rule call, with the reason code its `error` finding carries.
/// Limits cannot be caught by the rule (pcall and xpcall pass them on), so the call always ends.
enum SandboxLimitHit: Hashable, Sendable {
    case instructions(budget: Int)
    case memoryPerCall(bytes: Int)
    case memoryPerInterpreter(bytes: Int)
    case time(milliseconds: Int64)

    /// The limit the shim reports for a failed call, or nil when none was hit.
    init?(code: Int32, limits: SandboxLimits, interpreterFull: Bool) {
        switch code {
        case Int32(ND_LIMIT_INSTRUCTIONS): self = .instructions(budget: limits.instructionBudget)
        case Int32(ND_LIMIT_MEMORY):
            self = interpreterFull ? .memoryPerInterpreter(bytes: limits.memoryPerInterpreter)
                : .memoryPerCall(bytes: limits.memoryPerCall)
        case Int32(ND_LIMIT_TIME): self = .time(milliseconds: limits.timeLimitMilliseconds)
        default: return nil
        }
    }

    /// The reason code of the finding: RULE_INSTRUCTION_LIMIT, RULE_MEMORY_LIMIT or RULE_TIMEOUT.
    var reason: String {
        switch self {
        case .instructions: HostReason.instructionLimit
        case .memoryPerCall, .memoryPerInterpreter: HostReason.memoryLimit
        case .time: HostReason.timeout
        }
    }

    var message: String {
        switch self {
        case .instructions(let budget): "instruction budget of \(budget) instructions exceeded"
        case .memoryPerCall(let bytes): "memory limit of \(bytes >> 20) MiB per rule call exceeded"
        case .memoryPerInterpreter(let bytes): "memory limit of \(bytes >> 20) MiB per interpreter exceeded"
        case .time(let ms): "time limit of \(ms) ms exceeded"
        }
    }
}
