/// Which instances `collect` gathers guest state from (`--guests`).
public enum GuestSelection: Sendable, Equatable {
    /// None: no command runs on any instance (the default: collect only reads).
    case none
    /// Every running instance of the collected VPCs.
    case all
    /// These instances.
    case instances([String])
    /// These instances where they still exist (a refresh: an instance deleted since is not an error).
    case ifPresent([String])

    /// Parses `--guests` values: `all`, `none`, or instance ids.
    /// - Throws: `CollectError.usage` for a mix of keywords and ids, or a value that is not an id.
    public static func parse(_ values: [String]) throws -> GuestSelection {
        let words = values.flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
        if words.isEmpty || words == ["none"] { return .none }
        if words == ["all"] { return .all }
        if let keyword = words.first(where: { $0 == "all" || $0 == "none" }) {
            throw CollectError.usage("--guests \(words.joined(separator: " ")): '\(keyword)' stands alone; give all, none, or instance ids (i-…)")
        }
        for word in words where !word.hasPrefix("i-") || word.contains("/") {
            throw CollectError.usage("--guests '\(word)': expected all, none, or instance ids (i-…)")
        }
        return .instances(words)
    }
}
