/// The inside part of a what-if blast radius: traffic between the region's own instances and
/// ENIs whose status a change moves.
public struct InsideReport: Encodable, Sendable {
    /// (source, destination) pairs of one VPC an edit can change: only they were rescanned.
    public var touchedPairs: Int
    /// Destinations of those pairs.
    public var touchedDestinations: Int
    public var changed: [InsideChangedRow]
    /// Rule evaluations of the inside part (both inventories).
    public var evaluations: Int
}

/// One destination port range whose status changed, for a set of region sources.
public struct InsideChangedRow: Encodable, Sendable {
    /// Sources with the same security groups and vSwitch, as `reach --to` groups them.
    public struct SourceSet: Encodable, Sendable, Equatable {
        public var ids: [String]
        public var securityGroups: [String]
        public var vswitch: String
    }

    public var destination: String
    public var `protocol`: String
    /// `start/end`, or `-1/-1` for icmp.
    public var ports: String
    public var sources: [SourceSet]
    public var before: ExposureStatus
    public var after: ExposureStatus
    /// The edits that touch these pairs at these ports.
    public var causes: [String]

    /// Every source id, in inventory order.
    public var sourceIds: [String] { sources.flatMap(\.ids) }
}
