import NetDiagEngine

/// The loaded rules grouped into the families the predicates are collected for (by category),
/// so each family is evaluated on its own, coarser classes; rules of another category form one
/// family that gets every predicate.
struct RulePlan {
    struct Family {
        var category: String
        var rules: Set<String>
    }

    static let known: Set = ["object", "public-access", "security-group", "network-acl", "route", "guest-os"]
    /// The name of the family of rules in categories the collector does not know.
    static let other = "*"

    let families: [Family]
    /// Rule id → its position in the engine's report order.
    let position: [String: Int]
    /// Whether the `security-group` family is only the bundled rules, which decide by the first
    /// group rule of the walk that matches (secgroup.lua): only then are its predicates collected
    /// as a first-match walk. A rule added to the category may read every rule that matches.
    let groupsDecideByFirstMatch: Bool
    static let firstMatchGroupRules: Set = ["security-group.ingress", "security-group.egress"]

    init(_ engine: RuleEngine) {
        var byCategory: [String: Set<String>] = [:]
        for rule in engine.rules {
            byCategory[Self.known.contains(rule.category) ? rule.category : Self.other, default: []].insert(rule.id)
        }
        // The cheap, often decisive families first: a family that blocks every packet ends the scan.
        let order = ["object", "public-access", "route", "network-acl", "security-group", "guest-os", Self.other]
        families = order.compactMap { c in byCategory[c].map { Family(category: c, rules: $0) } }
        groupsDecideByFirstMatch = byCategory["security-group", default: []].isSubset(of: Self.firstMatchGroupRules)
        var position: [String: Int] = [:]
        for (k, rule) in engine.rules.enumerated() { position[rule.id] = k }
        self.position = position
    }
}
