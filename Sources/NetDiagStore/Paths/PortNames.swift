/// The destination ports the console offers by name.
public enum PortNames {
    /// Name → port, in the console's order.
    public static let all: [(name: String, port: Int)] = [
        ("ssh", 22), ("telnet", 23), ("http", 80), ("https", 443), ("mssql", 1433),
        ("oracle", 1521), ("mysql", 3306), ("rdp", 3389), ("postgresql", 5432), ("redis", 6379),
    ]

    /// The port of a name (case-insensitive), or nil.
    public static func port(named name: String) -> Int? {
        all.first { $0.name == name.lowercased() }?.port
    }

    /// `ssh (22), telnet (23), …` for messages and help.
    public static var summary: String { all.map { "\($0.name) \($0.port)" }.joined(separator: ", ") }
}
