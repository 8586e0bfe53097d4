import NetDiagEngine
import NetDiagModel

/// Who can reach one destination port: the internet part is the exposure scan limited to the
/// port; the region part groups every instance and secondary ENI into source classes
/// (`SourceKey`) and has the rules diagnose one member of each.
public final class ReachAnalyzer {
    let index: InventoryIndex
    let scanner: ExposureScanner

    /// The engine must already be bound to `index`.
    public init(engine: RuleEngine, index: InventoryIndex) {
        self.index = index
        scanner = ExposureScanner(engine: engine, index: index)
    }

    /// Parses `ID:PROTO/PORT` (`i-web1:tcp/443`, `eni-1:icmp`), naming what is wrong.
    public func target(_ text: String) throws(AnalysisError) -> (Destination, String, Int) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw .badInput("--to '\(text)': expected ID:PROTO/PORT such as i-web1:tcp/443 or i-web1:icmp") }
        guard let d = ExposureScanner.destinations(index).first(where: { $0.id == parts[0] }) else {
            throw .badInput("--to '\(text)': no instance or secondary ENI '\(parts[0])' in the inventory")
        }
        let pp = parts[1].split(separator: "/", maxSplits: 1).map(String.init)
        let proto = pp[0].lowercased()
        switch proto {
        case "tcp", "udp":
            guard pp.count == 2, let port = Int(pp[1]), (1...65535).contains(port) else {
                throw .badInput("--to '\(text)': \(proto) needs a port 1-65535, as in \(parts[0]):\(proto)/22")
            }
            return (d, proto, port)
        case "icmp", "gre":
            guard pp.count == 1 || pp[1] == "-1" else { throw .badInput("--to '\(text)': \(proto) takes no port") }
            return (d, proto, -1)
        default:
            throw .badInput("--to '\(text)': protocol '\(pp[0])' must be tcp, udp, icmp or gre")
        }
    }

    public func reach(to d: Destination, protocol proto: String, port: Int) throws(AnalysisError) -> ReachReport {
        var report = ReachReport(destination: d.id, protocol: proto, port: port, internet: [], region: [])
        if let eni = d.interface {
            let families = scanner.collector.predicates(eni: eni, instance: d.instance, protocol: proto)
            var scan = ClassScanner(destination: d, protocol: proto, families: families,
                                    scope: try SourceScope("internet", index: index), evaluator: scanner.evaluator, plan: scanner.plan)
            if port > 0 { scan.portUniverse = Interval(UInt64(port), UInt64(port)) }
            report.internet = try scan.scan()
        }
        let predicates = d.interface.map { scanner.collector.predicates(eni: $0, instance: d.instance, protocol: proto).union }
            ?? PacketPredicates()
        let holding = predicates.rectangles.filter { port < 0 || $0.ports.contains(UInt64(port)) }
            + scanner.collector.snatRectangles
        let cuts = predicates.addressCuts.sorted()
        let ownInstance = d.interface?.instanceId ?? d.instance?.id
        var classes: [SourceKey: [Destination]] = [:]
        var order: [SourceKey] = []
        // Another VPC reaches the destination only through its public address (the console refuses
        // a private path across VPCs), which the internet part covers.
        for s in ExposureScanner.destinations(index) where s.id != d.id && s.vpcId == d.vpcId {
            // The console refuses a path between an instance and itself, or two of its ENIs.
            if let own = ownInstance, (s.interface?.instanceId ?? s.instance?.id) == own { continue }
            let address = CIDRText.address(s.address) ?? 0
            let hasGuest = s.instance.map { index.guests[$0.id] != nil } ?? false
            let key = SourceKey(endpoint: EndpointKey(s, collector: scanner.collector, hasGuest: hasGuest),
                                rectangles: holding.indices.filter { holding[$0].addresses.contains(address) },
                                cutIndex: cuts.count { $0 <= address })
            if classes[key] == nil { order.append(key) }
            classes[key, default: []].append(s)
        }
        report.summary.sourceClasses = order.count
        for key in order {
            let members = classes[key]!
            report.summary.regionSources += members.count
            let diagnosis = try scanner.evaluator.diagnose(from: members[0], to: d, protocol: proto, port: port)
            let o = PacketEvaluator.outcome(diagnosis)
            report.summary.sourcesByStatus[o.status.rawValue, default: 0] += members.count
            guard o.status != .blocked else { continue }
            report.region.append(.init(status: o.status, sources: members.map(\.id),
                                       securityGroups: members[0].interface?.securityGroupIds ?? [],
                                       vswitch: members[0].interface?.vswitchId ?? "", listening: o.listening,
                                       hops: o.hops, blockers: o.blockers, example: members[0].id))
        }
        report.summary.evaluations = scanner.evaluator.diagnoses
        return report
    }
}

extension ReachAnalyzer {
    /// `reach --from`: every destination of the source's VPC and the port ranges it reaches, as
    /// exposure rows whose only source is the object (docs/analysis.md).
    public func reach(from s: Destination, protocols: [String] = ["tcp", "udp", "icmp"]) throws(AnalysisError) -> ExposureReport {
        try reach(from: s, scope: SourceScope(object: s), protocols: protocols)
    }

    func reach(from s: Destination, scope: SourceScope, protocols: [String]) throws(AnalysisError) -> ExposureReport {
        var report = ExposureReport(from: s.id, protocols: protocols)
        let own = s.interface?.instanceId ?? s.instance?.id
        for d in ExposureScanner.destinations(index) where d.vpcId == s.vpcId {
            if d.id == s.id { continue }
            // The console refuses a path between an instance and itself, or two of its ENIs.
            if let own, (d.interface?.instanceId ?? d.instance?.id) == own { continue }
            guard let eni = d.interface else { continue }
            report.summary.destinations += 1
            for proto in protocols {
                let families = scanner.collector.adding(sender: s, to: scanner.collector.predicates(eni: eni, instance: d.instance, protocol: proto),
                                                        protocol: proto)
                var scan = ClassScanner(destination: d, protocol: proto, families: families, scope: scope,
                                        evaluator: scanner.evaluator, plan: scanner.plan)
                scan.cache = scanner.cache
                report.rows += try scan.scan()
            }
        }
        report.summary.endpointClasses = report.summary.destinations
        report.summary.evaluations = scanner.evaluator.diagnoses
        for row in report.rows { report.summary.rowsByStatus[row.status.rawValue, default: 0] += 1 }
        return report
    }

    /// The sending object named by `--from`.
    public func sender(_ id: String) throws(AnalysisError) -> Destination {
        guard let s = ExposureScanner.destinations(index).first(where: { $0.id == id }), s.interface != nil else {
            throw .badInput("--from '\(id)': no instance or secondary ENI '\(id)' with a network interface in the inventory")
        }
        return s
    }
}
