import NetDiagEngine

/// `netdiag reach --to`: who reaches one destination port, as internet blocks and as classes of
/// the region's instances and ENIs.
public struct ReachReport: Encodable, Sendable {
    /// Sources inside the region that every rule treats alike, with one outcome.
    public struct SourceClass: Encodable, Sendable {
        public var status: ExposureStatus
        /// Instance and ENI ids, in inventory order.
        public var sources: [String]
        public var securityGroups: [String]
        public var vswitch: String
        public var listening: Listening
        public var hops: [ExposureRow.Hop]
        public var blockers: [String]
        /// The first member: the groups, vSwitch, hops and blockers shown are its own.
        public var example: String
    }

    public struct Summary: Encodable, Sendable {
        public var regionSources = 0
        /// Classes listed (blocked sources are counted in `sourcesByStatus` only).
        public var sourceClasses = 0
        public var evaluations = 0
        /// Region sources per status (blocked included).
        public var sourcesByStatus: [String: Int] = [:]
    }

    public var destination: String
    public var `protocol`: String
    public var port: Int
    /// Internet blocks that reach it (the exposure scan's rows for this port).
    public var internet: [ExposureRow]
    /// Region sources that reach it (or are undecidable); blocked classes are counted only.
    public var region: [SourceClass]
    public var summary = Summary()
    public var advisory = "An insight into configuration, not a proof that packets pass."
}
