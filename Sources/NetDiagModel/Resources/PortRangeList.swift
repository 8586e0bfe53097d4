/// A port list (`DescribePortRangeLists` with its `DescribePortRangeListEntries`): named port
/// ranges that security group rules may use instead of their own `PortRange`.
public struct PortRangeList: Codable, Hashable, Sendable {
    public var id: String
    public var name: String = ""
    /// `IPv4` or `IPv6`, as the cloud writes it; empty when not given.
    public var addressFamily: String = ""
    /// The ranges of the list's entries, in the order the cloud lists them.
    public var ranges: [PortRange]

    public init(id: String, name: String = "", addressFamily: String = "", ranges: [PortRange]) {
        self.id = id; self.name = name; self.addressFamily = addressFamily; self.ranges = ranges
    }
}

extension PortRangeList {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        addressFamily = try c.decodeIfPresent(String.self, forKey: .addressFamily) ?? ""
        ranges = try c.decode([PortRange].self, forKey: .ranges)
    }
}
