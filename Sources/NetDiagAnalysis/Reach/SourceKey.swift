/// What the rules read about a source inside the region when it sends to one destination and
/// port: the source's own configuration (its endpoint key: groups, vSwitch, states, public
/// access) and which of the destination's entries and of the VPC's SNAT entries its address falls
/// in. Sources with equal keys get one diagnosis.
struct SourceKey: Hashable {
    var endpoint: EndpointKey
    /// Indices of the destination's predicate rectangles (at the port) holding the source's address.
    var rectangles: [Int]
    /// How many of the destination's cut points lie at or below the address.
    var cutIndex: Int
}
