import Foundation
@testable import NetDiagAnalysis
import NetDiagBenchmarkSupport
import NetDiagEngine
import NetDiagInventory
import NetDiagModel
import Testing

/// The inside part of `what-if`: traffic between the region's own objects (issue 15).
@Suite struct InsideBlastRadiusTests {
    static func run(_ yaml: String, on index: InventoryIndex) throws -> (WhatIfReport, InventoryIndex) {
        let changes = try ChangeFile.parse(yaml, file: "change.yaml", inventory: index.inventory)
        let report = try WhatIfAnalyzer.run(changes, on: index, inside: true) {
            try RuleEngine(folders: [repositoryRoot.appendingPathComponent("rules").path])
        }
        return (report, InventoryIndex(try ChangeApplier.apply(changes, to: index.inventory)))
    }

    static let exampleChange = """
        - op: add-security-group-rule
          group: sg-db
          rule: {id: sgr-db-vpc, direction: ingress, policy: accept, priority: 1, protocol: tcp, portRange: 3306/3306, cidr: 10.0.0.0/8}
        - op: add-security-group-rule
          group: sg-win
          rule: {id: sgr-win-web, direction: ingress, policy: accept, priority: 1, protocol: tcp, portRange: 3389/3389, groupId: sg-web}
        - op: add-security-group-rule
          group: sg-web
          rule: {id: sgr-web-no-api, direction: egress, policy: drop, priority: 1, protocol: tcp, portRange: 8080/8080, cidr: 10.0.2.0/24}
        - op: modify-security-group-rule
          group: sg-app
          rule: sgr-app-ssh
          set: {portRange: 22/23, groupId: sg-web}
        - op: remove-security-group-rule
          group: sg-dev
          rule: sgr-dev-icmp
        - op: add-acl-entry
          acl: nacl-db
          direction: ingress
          position: 1
          entry: {id: nae-db-bastion, policy: accept, protocol: tcp, portRange: 3306/3306, cidr: 10.0.1.5/32}
        - op: remove-route
          table: vtb-prod-system
          entry: rte-sys-web
        - op: bind-eip
          ip: 47.96.99.9
          to: i-web2
        """

    /// Every pair of the example, at every edge either end's configuration has, before and after.
    @Test func exampleRegionEqualsTheBruteForceOverEveryPair() throws {
        let index = try WhatIfTests.example()
        let (report, after) = try Self.run(Self.exampleChange, on: index)
        let inside = try #require(report.inside)
        var check = try InsideCrossCheck(before: index, after: after)
        try check.run(inside, extra: [("tcp", PortRange(start: 3306, end: 3306)!), ("tcp", PortRange(start: 3389, end: 3389)!),
                                      ("tcp", PortRange(start: 8080, end: 8080)!), ("tcp", PortRange(start: 22, end: 23)!)], perPair: nil)
        #expect(check.probes > 2_000)
        #expect(check.changes > 20, "the change moves many pairs")
        #expect(check.mismatches.isEmpty, "\(check.mismatches.count) of \(check.probes): \(check.mismatches.prefix(5))")
        // The rule with a group peer admits sg-web's members to i-win1; the ACL entry and the rule
        // let i-bastion through the cloud to i-db1, whose guest firewall still rejects it.
        #expect(inside.changed.contains { $0.destination == "i-win1" && $0.ports == "3389/3389" && $0.sourceIds == ["i-web1"] && $0.after == .reachable })
        #expect(inside.changed.contains { $0.destination == "i-db1" && $0.sourceIds == ["i-bastion"] && $0.after == .guestBlocked })
    }

    /// A generated region (one VPC, 20 instances, groups referencing groups, ACLs, custom routes,
    /// guests): every pair, at the edits' edges and a sample of each pair's own.
    @Test func generatedRegionEqualsTheBruteForceOverEveryPair() throws {
        let spec = RegionSpec(name: "custom", vpcs: 1, vswitches: 4, instances: 20, secondaryEnis: 3, detachedEnis: 1,
                              securityGroups: 6, rulesPerGroup: 8, customRouteTables: 1, routeEntries: 6,
                              networkAcls: 2, aclEntries: 6, osSnapshots: 6, eips: 4, pageSize: 50)
        let index = try loadGenerated(spec, seed: 7)
        let inv = index.inventory
        let d = try #require(inv.instances.first { $0.status == "Running" && !$0.securityGroupIds.isEmpty })
        let g = d.securityGroupIds[0]
        let peer = try #require(inv.securityGroups.first { $0.id != g })
        let other = try #require(inv.securityGroups.first { $0.id != g && $0.id != peer.id && !$0.rules.isEmpty })
        let egress = try #require(inv.instances.first { $0.id != d.id && !$0.securityGroupIds.contains(g) }?.securityGroupIds.first)
        let acl = try #require(inv.networkAcls.first { !$0.ingress.isEmpty })
        let table = try #require(index.effectiveRouteTable(forVSwitch: d.vswitchId))
        let route = try #require(table.entries.first { $0.destination.hasPrefix(String(d.privateIps[0].split(separator: ".")[0])) })
        let block = try #require(inv.vpcs.first { $0.id == d.vpcId }?.cidr)
        let yaml = """
            - op: add-security-group-rule
              group: \(g)
              rule: {id: sgr-in-1, direction: ingress, policy: accept, priority: 1, protocol: tcp, portRange: 7000/7100, cidr: \(block)}
            - op: modify-security-group-rule
              group: \(g)
              rule: sgr-in-1
              set: {portRange: 7000/7200}
            - op: add-security-group-rule
              group: \(g)
              rule: {id: sgr-in-peer, direction: ingress, policy: accept, priority: 1, protocol: udp, portRange: 5000/5010, groupId: \(peer.id)}
            - op: add-security-group-rule
              group: \(egress)
              rule: {id: sgr-out-1, direction: egress, policy: drop, priority: 1, protocol: tcp, portRange: 7050/7060, cidr: \(block)}
            - op: remove-security-group-rule
              group: \(other.id)
              rule: \(other.rules[0].id)
            - op: add-acl-entry
              acl: \(acl.id)
              direction: ingress
              position: 1
              entry: {id: nae-new, policy: drop, protocol: tcp, portRange: 7100/7150, cidr: 0.0.0.0/0}
            - op: remove-route
              table: \(table.id)
              entry: \(route.id)
            """
        let (report, after) = try Self.run(yaml, on: index)
        let inside = try #require(report.inside)
        var check = try InsideCrossCheck(before: index, after: after)
        let removed = (other.rules[0].protocol, other.rules[0].portRange)
        try check.run(inside, extra: [("tcp", PortRange(start: 7000, end: 7200)!), ("udp", PortRange(start: 5000, end: 5010)!),
                                      ("tcp", PortRange(start: 7050, end: 7060)!), ("tcp", PortRange(start: 7100, end: 7150)!), removed],
                      perPair: 4)
        #expect(check.probes > 10_000)
        #expect(check.changes > 0)
        #expect(Set(inside.changed.map(\.protocol)).count > 1, "\(inside.changed.count) rows")
        #expect(check.mismatches.isEmpty, "\(check.mismatches.count) of \(check.probes): \(check.mismatches.prefix(5))")
        let objects = ExposureScanner.destinations(index).count
        #expect(inside.touchedPairs < objects * (objects - 1), "not every pair is touched")
    }

    /// A guest firewall line touches every pair with its instance at either end: with the cloud
    /// opened for i-bastion, i-db1's MYSQL chain alone would reject it (guest-blocked, as in the
    /// example cross-check); admitting it there leaves it unverified (i-bastion has no guest
    /// state), and the brute force over every pair agrees.
    @Test func aGuestFirewallLineMovesThePairsOfItsInstance() throws {
        let index = try WhatIfTests.example()
        let (report, after) = try Self.run("""
            - op: add-security-group-rule
              group: sg-db
              rule: {id: sgr-db-vpc, direction: ingress, policy: accept, priority: 1, protocol: tcp, portRange: 3306/3306, cidr: 10.0.0.0/8}
            - op: add-acl-entry
              acl: nacl-db
              direction: ingress
              position: 1
              entry: {id: nae-db-bastion, policy: accept, protocol: tcp, portRange: 3306/3306, cidr: 10.0.1.5/32}
            - op: add-guest-firewall-line
              instance: i-db1
              firewall: iptables
              position: 1
              line: "-A MYSQL -s 10.0.1.5/32 -j ACCEPT"
            """, on: index)
        let inside = try #require(report.inside)
        let row = try #require(inside.changed.first { $0.destination == "i-db1" && $0.sourceIds == ["i-bastion"] && $0.ports == "3306/3306" })
        #expect(row.before == .blocked && row.after == .unverified, "\(row.after)")
        #expect(row.causes.contains { $0.contains("i-db1") && $0.contains("MYSQL") }, "\(row.causes)")
        var check = try InsideCrossCheck(before: index, after: after)
        try check.run(inside, extra: [("tcp", PortRange(start: 3306, end: 3306)!)], perPair: nil)
        #expect(check.mismatches.isEmpty, "\(check.mismatches.count) of \(check.probes): \(check.mismatches.prefix(5))")
    }

    /// An egress edit changes pairs whose source is a member, whatever the destination's groups:
    /// a scope that took the destination's membership instead would miss i-web1 → i-app1.
    @Test func anEgressEditReachesPairsWhoseDestinationIsNoMember() throws {
        let index = try WhatIfTests.example()
        let (report, _) = try Self.run("""
            - op: add-security-group-rule
              group: sg-web
              rule: {id: sgr-web-no-api, direction: egress, policy: drop, priority: 1, protocol: tcp, portRange: 8080/8080, cidr: 10.0.2.0/24}
            """, on: index)
        let inside = try #require(report.inside)
        let row = try #require(inside.changed.first { $0.destination == "i-app1" && $0.protocol == "tcp" && $0.ports == "8080/8080" })
        #expect(row.sourceIds == ["i-web1"])
        #expect(row.after == .blocked && row.before != .blocked)
        #expect(row.causes == ["sg-web: add rule sgr-web-no-api (egress drop tcp 8080/8080 to 10.0.2.0/24 priority 1)"])
        #expect(inside.changed.allSatisfy { $0.sourceIds.allSatisfy { ["i-web1", "i-web2"].contains($0) } })
        #expect(report.changed.isEmpty, "nothing the internet reaches changes")
    }

    /// The scope's footprints: ingress on the members as destinations, egress as sources, at the
    /// rule's ports; ACL and route edits either end, every port; EIPs nothing.
    @Test func footprintsFollowTheDirectionOfEachEdit() throws {
        let index = try WhatIfTests.example()
        let rule = SecurityGroupRule(id: "r", direction: .egress, policy: .drop, protocol: "tcp",
                                     portRange: PortRange(start: 8080, end: 8081)!, cidr: "10.0.0.0/8")
        var ingress = rule
        ingress.direction = .ingress
        let changes: [Change] = [.addGroupRule(group: "sg-web", rule: rule), .addGroupRule(group: "sg-db", rule: ingress),
                                 .removeRoute(table: "vtb-web", entry: "rte-web-db"), .unbindEip(ip: "47.96.10.1")]
        let touches = InsideScope.touches(changes, states: Array(repeating: index, count: changes.count))
        #expect(touches.count == 3)
        #expect(touches[0].end == .source && touches[0].holders == ["i-web1", "i-web2"] && touches[0].ports == Interval(8080, 8081))
        #expect(touches[1].end == .destination && touches[1].holders == ["i-db1"] && touches[1].protocols == ["tcp"])
        #expect(touches[2].end == .either && touches[2].holders == ["i-web1", "i-web2", "i-bastion"] && touches[2].ports == .allPorts)
    }
}
