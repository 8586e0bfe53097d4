import NetDiagModel

/// The destination's network ACL entries and routes, parsed once per query, and which of them a
/// packet from one source's address reaches in the order the rules consult them: `nacl.lua`
/// takes the first ACL entry that matches in list order (the replies' egress entries until they
/// cover the client's ports), `net.longest_match` the longest-prefix route (ties: the earlier).
/// Keying sources by these instead of every block holding their address keeps apart only the
/// sources the rules tell apart.
struct DestinationEntries {
    private struct Entry {
        var proto: String
        var ports: PortRange
        var block: Interval?
    }

    private let ingress: [Entry]
    private let egress: [Entry]
    /// The route table's parsed destinations, with their positions in the table.
    private let routes: [(block: Interval, position: Int)]
    let `protocol`: String
    let port: Int

    init(index: InventoryIndex, destination: NetworkInterface?, protocol proto: String, port: Int) {
        self.protocol = proto
        self.port = port
        let vswitch = destination?.vswitchId ?? ""
        func parsed(_ entries: [AclEntry]) -> [Entry] {
            entries.map { Entry(proto: $0.protocol.lowercased(), ports: $0.portRange, block: Interval(cidr: $0.cidr)) }
        }
        let acl = destination == nil ? nil : index.networkAcl(forVSwitch: vswitch)
        ingress = parsed(acl?.ingress ?? [])
        egress = parsed(acl?.egress ?? [])
        let table = destination == nil ? nil : index.effectiveRouteTable(forVSwitch: vswitch)
        routes = (table?.entries ?? []).enumerated().compactMap { i, e in Interval(cidr: e.destination).map { ($0, i) } }
    }

    private func protocolMatches(_ entry: Entry) -> Bool {
        entry.proto == "all" || entry.proto == "-1" || entry.proto == `protocol`
    }

    /// `net.port_in`: `-1/-1` covers every port; a packet without a port (icmp) only a range
    /// covering all of them.
    private func portMatches(_ range: PortRange) -> Bool {
        if range.start == -1 { return true }
        if port < 0 { return range.start <= 1 && range.end >= 65535 }
        return (range.start...range.end).contains(port)
    }

    /// The ACL entries the rules read for a packet from `address`: the first ingress entry that
    /// matches it (positions from 0), then the egress entries that hold the address for the
    /// protocol up to the first covering every port, where the replies' coverage stops for sure
    /// (negative positions, -1 for the first).
    func aclEntries(_ address: UInt64) -> [Int] {
        var out: [Int] = []
        if let first = ingress.indices.first(where: { i in
            let e = ingress[i]
            return protocolMatches(e) && e.block?.contains(address) == true && portMatches(e.ports)
        }) { out.append(first) }
        for (i, e) in egress.enumerated() where protocolMatches(e) && e.block?.contains(address) == true {
            out.append(-1 - i)
            if e.ports.start == -1 { break }
        }
        return out
    }

    /// The position of the route `net.longest_match` picks for `address`, nil when none holds it.
    func route(_ address: UInt64) -> Int? {
        var best: (size: UInt64, position: Int)?
        for r in routes where r.block.contains(address) {
            let size = r.block.hi - r.block.lo
            if best == nil || size < best!.size || (size == best!.size && r.position < best!.position) { best = (size, r.position) }
        }
        return best?.position
    }
}
