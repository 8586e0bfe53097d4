import NetDiagEngine
import NetDiagModel

/// Who can reach one destination port: the internet part is the exposure scan limited to the
/// port; the region part evaluates each family of rules once per key of what it reads about a
/// source (`RegionReach`) and groups the VPC's instances and ENIs by outcome.
public final class ReachAnalyzer {
    let index: InventoryIndex
    let scanner: ExposureScanner
    /// Group ids per private address (every ENI's), as the rules' `groupMembers` hold them.
    lazy var groupsByAddress: [String: Set<String>] = {
        var out: [String: Set<String>] = [:]
        for eni in index.inventory.networkInterfaces {
            for ip in eni.privateIps { out[ip, default: []].formUnion(eni.securityGroupIds) }
        }
        return out
    }()

    /// The engine must already be bound to `index`.
    public init(engine: RuleEngine, index: InventoryIndex) {
        self.index = index
        scanner = ExposureScanner(engine: engine, index: index)
    }

    /// Parses `ID:PROTO/PORT` (`i-web1:tcp/443`, `eni-1:icmp`), naming what is wrong.
    public func target(_ text: String) throws(AnalysisError) -> (Destination, String, Int) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw .badInput("--to '\(text)': expected ID:PROTO/PORT such as i-web1:tcp/443 or i-web1:icmp") }
        guard let d = endpoint(parts[0]) else {
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
        try reach(to: d, protocol: proto, port: port, families: SourceFamily.families(scanner.plan, engine: scanner.evaluator.engine))
    }

    /// The instance (through its primary ENI) or secondary ENI `id`, as `ExposureScanner.destinations` lists it.
    func endpoint(_ id: String) -> Destination? {
        if let instance = index.instances[id] {
            return Destination(id: id, kind: "instance", interface: index.interfacesByInstance[id]?.first, instance: instance)
        }
        if let eni = index.networkInterfaces[id], eni.type == .secondary {
            return Destination(id: id, kind: "eni", interface: eni, instance: eni.instanceId.flatMap { index.instances[$0] })
        }
        return nil
    }

    /// `ExposureScanner.destinations` of one VPC, in the same order, without building the others.
    func members(ofVpc vpc: String) -> [Destination] {
        var out: [Destination] = []
        for k in index.inventory.instances.indices {
            let id = index.inventory.instances[k].id
            let eni = index.interfacesByInstance[id]?.first
            guard (eni?.vpcId ?? index.inventory.instances[k].vpcId) == vpc else { continue }
            out.append(Destination(id: id, kind: "instance", interface: eni, instance: index.inventory.instances[k]))
        }
        for k in index.inventory.networkInterfaces.indices where index.inventory.networkInterfaces[k].type == .secondary
            && index.inventory.networkInterfaces[k].vpcId == vpc {
            let eni = index.inventory.networkInterfaces[k]
            out.append(Destination(id: eni.id, kind: "eni", interface: eni, instance: eni.instanceId.flatMap { index.instances[$0] }))
        }
        return out
    }

    /// `families` is the split of the rules the region part uses (tests weaken it to show the
    /// cross-check fails when a family's key leaves out a feature its rules read).
    func reach(to d: Destination, protocol proto: String, port: Int, families: [SourceFamily]) throws(AnalysisError) -> ReachReport {
        var report = ReachReport(destination: d.id, protocol: proto, port: port, internet: [], region: [])
        if let eni = d.interface {
            let families = scanner.collector.predicates(eni: eni, instance: d.instance, protocol: proto)
            var scan = ClassScanner(destination: d, protocol: proto, families: families,
                                    scope: try SourceScope("internet", index: index), evaluator: scanner.evaluator, plan: scanner.plan)
            if port > 0 { scan.portUniverse = Interval(UInt64(port), UInt64(port)) }
            report.internet = try scan.scan()
        }
        // Another VPC reaches the destination only through its public address (the console refuses
        // a private path across VPCs), which the internet part covers.
        let sources = members(ofVpc: d.vpcId).filter { $0.canPair(with: d) }
        var region = RegionReach(destination: d, protocol: proto, port: port, evaluator: scanner.evaluator, plan: scanner.plan,
                                 families: families,
                                 features: SourceFeatures(index: index, collector: scanner.collector, destination: d, protocol: proto,
                                                          port: port, groupsByAddress: groupsByAddress))
        let result = try region.run(sources)
        report.region = result.classes
        report.summary.regionSources = sources.count
        report.summary.sourceClasses = result.classes.count
        report.summary.sourcesByStatus = result.sourcesByStatus
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
        for d in ExposureScanner.destinations(index) where d.vpcId == s.vpcId && d.canPair(with: s) {
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
