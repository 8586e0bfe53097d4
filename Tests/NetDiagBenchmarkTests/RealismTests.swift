import Foundation
import NetDiagBenchmarkSupport
import NetDiagModel
import Testing

/// The generated region has the features that make diagnosis work hard.
@Suite struct RealismTests {
    let inventory = RegionGenerator.generate(.small, seed: 11).inventory

    @Test func groupReferencesResolveToBasicGroups() {
        let groups = Dictionary(uniqueKeysWithValues: inventory.securityGroups.map { ($0.id, $0) })
        let references = inventory.securityGroups.flatMap(\.rules).compactMap(\.groupId)
        #expect(references.count >= 5)
        #expect(references.allSatisfy { groups[$0]?.type == .normal })
        #expect(inventory.securityGroups.contains { $0.type == .enterprise })
    }

    @Test func overlappingCidrsExist() {
        // A drop rule's block nested inside an accept rule's block of the same group.
        let nested = inventory.securityGroups.contains { group in
            group.rules.contains { drop in
                guard drop.policy == .drop, let inner = drop.cidr.flatMap({ CIDR($0) }) else { return false }
                return group.rules.contains { accept in
                    accept.policy == .accept && accept.direction == drop.direction
                        && accept.cidr.flatMap({ CIDR($0) }).map { $0 != inner && $0.contains(inner) } == true
                }
            }
        }
        #expect(nested)
        // Routes nested in other routes of the same table.
        #expect(inventory.routeTables.contains { table in
            let blocks = table.entries.compactMap { CIDR($0.destination) }
            return blocks.contains { a in blocks.contains { b in a != b && a.prefixLength > 0 && a.contains(b) } }
        })
    }

    @Test func dropsAtSeveralPriorities() {
        let priorities = Set(inventory.securityGroups.flatMap(\.rules).filter { $0.policy == .drop }.map(\.priority))
        #expect(priorities.count >= 3)
        #expect(inventory.networkAcls.contains { $0.ingress.contains { $0.policy == .drop } })
    }

    @Test func multiGroupAndSecondaryEnis() {
        #expect(inventory.networkInterfaces.contains { $0.securityGroupIds.count >= 2 })
        #expect(inventory.networkInterfaces.contains { $0.type == .secondary && $0.instanceId != nil })
        #expect(inventory.networkInterfaces.contains { $0.type == .secondary && $0.instanceId == nil })
        #expect(inventory.networkInterfaces.contains { $0.privateIps.count >= 2 })
    }

    @Test func customRouteTablesAclsAndPublicAccess() {
        #expect(inventory.routeTables.contains { $0.type == .custom && !$0.vswitchIds.isEmpty })
        #expect(inventory.vswitches.contains { $0.networkAclId != nil })
        #expect(inventory.instances.contains { $0.eip != nil })
        #expect(inventory.natGateways.allSatisfy { !$0.snatEntries.isEmpty && !$0.dnatEntries.isEmpty })
    }
}
