/// Failures of the rule engine itself (not of a rule).
public enum EngineError: Error, CustomStringConvertible, Sendable {
    case interpreter(String)
    case unknownRule(String)
    case unresolvedEndpoint(String)

    public var description: String {
        switch self {
        case .interpreter(let m): "rule engine: \(m)"
        case .unknownRule(let id): "no rule with id '\(id)'"
        case .unresolvedEndpoint(let m): m
        }
    }
}
