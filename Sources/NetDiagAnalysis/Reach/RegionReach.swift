import NetDiagEngine
import NetDiagModel

/// The region part of `reach --to`: which instances and ENIs of the destination's VPC reach one
/// destination port. Each family of rules (`SourceFamily`) is evaluated once per key of the
/// features it reads (`SourceFeatures`), on the first source with that key; a source's findings
/// are the union of its families' findings, as one diagnosis of all rules gives them, since each
/// rule's check reads only the packet and the inventory. Sources with equal outcomes (up to
/// their own names, `ObjectNaming`) form one class, shown with its first member's names
/// (docs/analysis.md).
struct RegionReach {
    let destination: Destination
    let `protocol`: String
    let port: Int
    let evaluator: PacketEvaluator
    let plan: RulePlan
    let families: [SourceFamily]
    var features: SourceFeatures

    struct Result {
        var classes: [ReachReport.SourceClass] = []
        var sourcesByStatus: [String: Int] = [:]
    }

    /// One family's findings for one key, as the merge needs them: the hops they give, and the
    /// findings the status, listening verdict and blockers depend on, each with its report position.
    private struct Part {
        var hops: [(position: Int, k: Int, hop: ExposureRow.Hop)] = []
        var deciding: [(position: Int, k: Int, finding: Finding)] = []
        var blocksInCloud = false
    }

    mutating func run(_ sources: [Destination]) throws(AnalysisError) -> Result {
        let n = sources.count
        var alive = [Bool](repeating: true, count: n)
        var partOf = [[Int32]](repeating: [], count: n)
        var parts: [[Part]] = []
        // Families run cheap-first, each only on the sources no earlier family blocked in the
        // cloud: such a source is blocked whatever the others say.
        // A source already diagnosed has its objects' views built in the engine: it is the
        // preferred representative of a later family's key.
        var touched = [Bool](repeating: false, count: n)
        let addresses = sources.map { CIDRText.address($0.address) }
        let states = sources.map(SourceFeatures.states(of:))
        for family in families {
            var ids: [SourceFeatureKey: Int] = [:]
            var keyMembers: [[Int]] = []
            // Through a buffer, so that each source is read in place rather than copied per family.
            sources.withUnsafeBufferPointer { all in
                for k in 0..<n where alive[k] {
                    let key = features.key(all[k], address: addresses[k], states: states[k], for: family)
                    if let known = ids[key] { keyMembers[known].append(k) } else {
                        ids[key] = keyMembers.count
                        keyMembers.append([k])
                    }
                }
            }
            var distinct: [[Finding]: Int32] = [:]
            var found: [Part] = []
            var partOfKey: [Int32] = []
            for list in keyMembers {
                let representative = list.first { touched[$0] } ?? list[0]
                touched[representative] = true
                let s = sources[representative]
                let d = try evaluator.diagnose(destination, protocol: `protocol`, source: s.id, port: port, only: family.rules)
                let findings = ObjectNaming(source: s).abstract(d.findings)
                // Keys whose findings are equal share one part, so that sources differing only
                // there share their merged outcome too.
                if let same = distinct[findings] { partOfKey.append(same) } else {
                    distinct[findings] = Int32(found.count)
                    partOfKey.append(Int32(found.count))
                    found.append(part(findings))
                }
            }
            for (key, list) in keyMembers.enumerated() {
                let id = partOfKey[key]
                for k in list {
                    partOf[k].append(id)
                    if found[Int(id)].blocksInCloud { alive[k] = false }
                }
            }
            parts.append(found)
        }
        var result = Result()
        var memo: [[Int32]: Int] = [:]
        var outcomes: [Outcome] = []
        var byOutcome: [Outcome: Int] = [:]
        memo.reserveCapacity(n)
        byOutcome.reserveCapacity(n)
        var members: [[Int]] = []
        for k in 0..<n {
            guard alive[k] else { result.sourcesByStatus[ExposureStatus.blocked.rawValue, default: 0] += 1; continue }
            let id: Int
            if let known = memo[partOf[k]] { id = known } else {
                let o = outcome(partOf[k].enumerated().map { parts[$0.offset][Int($0.element)] })
                if let same = byOutcome[o] { id = same } else {
                    id = outcomes.count
                    byOutcome[o] = id
                    outcomes.append(o)
                    members.append([])
                }
                memo[partOf[k]] = id
            }
            members[id].append(k)
        }
        for (id, list) in members.enumerated() {
            let example = sources[list[0]]
            let o = ObjectNaming(source: example).concrete(outcomes[id])
            result.sourcesByStatus[o.status.rawValue, default: 0] += list.count
            result.classes.append(.init(status: o.status, sources: list.map { sources[$0].id },
                                        securityGroups: example.interface?.securityGroupIds ?? [],
                                        vswitch: example.interface?.vswitchId ?? "", listening: o.listening,
                                        hops: o.hops, blockers: o.blockers, example: example.id))
        }
        return result
    }

    private var request: DiagnosisRequest {
        PacketEvaluator.request(destination, protocol: `protocol`, source: "", port: port, regionId: evaluator.regionId)
    }

    private func part(_ findings: [Finding]) -> Part {
        var p = Part()
        p.blocksInCloud = ClassScanner.blocksInCloud(findings)
        // The hops come one per critical pass or warn finding, in order (PacketEvaluator.outcome).
        var hops = PacketEvaluator.outcome(Diagnosis(request: request, findings: findings)).hops.makeIterator()
        for (k, f) in findings.enumerated() {
            let position = plan.position[f.rule, default: 0]
            if f.severity == .critical && (f.status == .pass || f.status == .warn), let hop = hops.next() {
                p.hops.append((position, k, hop))
            }
            if (f.severity == .critical && (f.status == .fail || f.status == .skip)) || f.status == .error
                || f.rule == "guest-os.port-listening" {
                p.deciding.append((position, k, f))
            }
        }
        return p
    }

    /// The outcome of one source's parts, merged in report order: the hops as one diagnosis
    /// lists them, the rest from the findings that decide it.
    private func outcome(_ parts: [Part]) -> Outcome {
        let hops = parts.flatMap(\.hops).sorted { ($0.position, $0.k) < ($1.position, $1.k) }.map(\.hop)
        let deciding = parts.flatMap(\.deciding).sorted { ($0.position, $0.k) < ($1.position, $1.k) }.map(\.finding)
        var o = PacketEvaluator.outcome(Diagnosis(request: request, findings: deciding))
        o.hops = hops
        return o
    }
}
