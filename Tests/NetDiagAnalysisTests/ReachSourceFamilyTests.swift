@testable import NetDiagAnalysis
import NetDiagEngine
import Testing

/// The reverse query's family keys (`SourceFamily`): leaving out a feature a family's rules read
/// makes sources the rules tell apart share one evaluation, which the cross-check must catch.
@Suite struct ReachSourceFamilyTests {
    /// The analyzer's families with `feature` taken out of the key of `category`'s family on `side`.
    static func without(_ feature: SourceFamily.Feature, in category: String, destinationSide: Bool) -> (RulePlan, RuleEngine) -> [SourceFamily] {
        { plan, engine in
            let sides = Dictionary(engine.rules.map { ($0.id, $0.side) }, uniquingKeysWith: { a, _ in a })
            return SourceFamily.families(plan, engine: engine).map { f in
                var f = f
                let onDestination = f.rules.allSatisfy { sides[$0] == .destination }
                if f.category == category, onDestination == destinationSide { f.reads.remove(feature) }
                return f
            }
        }
    }

    @Test func sharedIngressWithoutTheRulesHoldingTheSourceIsCaught() throws {
        // The destination's group rules name blocks and referenced groups (the source's membership).
        let check = try ReachCheck.smallRegion(families: Self.without(.ingressRules, in: "security-group", destinationSide: true))
        #expect(check.mismatches.count > 0, "a key without the destination's rules that hold the source must give wrong classes")
    }

    @Test func sharedEgressWithoutTheSourcesGroupRulesIsCaught() throws {
        let check = try ReachCheck.smallRegion(families: Self.without(.egressRules, in: "security-group", destinationSide: false))
        #expect(check.mismatches.count > 0, "a key without the source's egress rules must give wrong classes")
    }

    @Test func sharedAclWithoutTheSourcesVSwitchIsCaught() throws {
        let check = try ReachCheck.smallRegion(families: Self.without(.vswitch, in: "network-acl", destinationSide: false))
        #expect(check.mismatches.count > 0, "a key without the source's vSwitch must give wrong classes")
    }

    @Test func sharedAclWithoutTheEntriesReachedIsCaught() throws {
        // The destination's ACL entries the rules reach for the source's address (first match in
        // list order, the replies' entries up to one covering every port) tell sources apart.
        let check = try ReachEditedRegion.check(families: Self.without(.aclEntries, in: "network-acl", destinationSide: false))
        #expect(check.mismatches.count > 0, "a key without the ACL entries the source's address reaches must give wrong classes")
    }

    @Test func sharedRouteWithoutTheLongestMatchIsCaught() throws {
        let check = try ReachEditedRegion.check(families: Self.without(.route, in: "route", destinationSide: false))
        #expect(check.mismatches.count > 0, "a key without the destination's route back to the source must give wrong classes")
    }

    @Test func editedAclAndRouteAgreeWithTheFullKeys() throws {
        let check = try ReachEditedRegion.check(families: { SourceFamily.families($0, engine: $1) })
        #expect(check.pairs > 0)
        #expect(check.mismatches.isEmpty, "\(check.mismatches.prefix(3))")
    }
}
