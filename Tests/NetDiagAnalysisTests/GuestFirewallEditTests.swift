import Foundation
@testable import NetDiagAnalysis
import NetDiagEngine
import NetDiagInventory
import NetDiagModel
import Testing

/// Guest firewall lines in what-if: applied through the guest parsers, rescanned as a touch of the instance.
@Suite struct GuestFirewallEditTests {
    static func rules() throws -> RuleEngine { try RuleEngine(folders: [repositoryRoot.appendingPathComponent("rules").path]) }

    static func whatIf(_ yaml: String, on index: InventoryIndex) throws -> WhatIfReport {
        try WhatIfAnalyzer.run(try ChangeFile.parse(yaml, file: "c.yaml", inventory: index.inventory), on: index, makeEngine: rules)
    }

    static let dropHttps = """
        - op: add-guest-firewall-line
          instance: i-web1
          firewall: iptables
          position: 1
          line: "-A INPUT -p tcp -m tcp --dport 443 -j DROP"
        """

    @Test func anIptablesDropClosesAPortAndRemovingItOpensItAgain() throws {
        let index = try WhatIfTests.example()
        let closed = try Self.whatIf(Self.dropHttps, on: index)
        #expect(closed.touched == ["i-web1"])
        #expect(closed.changed.map { "\($0.destination) \($0.ports) \($0.before.rawValue)>\($0.after.rawValue)" } == ["i-web1 443/443 reachable>guest-blocked"])
        #expect(closed.changed.first?.causes.first?.contains("i-web1: add iptables line at position 1 '-A INPUT -p tcp -m tcp --dport 443 -j DROP'") == true)

        let after = InventoryIndex(try ChangeApplier.apply(try ChangeFile.parse(Self.dropHttps, file: "c.yaml", inventory: index.inventory), to: index.inventory))
        let reopened = try Self.whatIf("""
            - op: remove-guest-firewall-line
              instance: i-web1
              firewall: iptables
              line: "-A   INPUT -p tcp -m tcp --dport 443 -j DROP"
            """, on: after)
        #expect(reopened.changed.map { "\($0.destination) \($0.ports) \($0.before.rawValue)>\($0.after.rawValue)" } == ["i-web1 443/443 guest-blocked>reachable"])
    }

    @Test func anNftRuleInTheInputChainBlocksTheDnatPort() throws {
        let index = try WhatIfTests.example()
        let line = #"{"rule": {"family": "inet", "table": "filter", "chain": "input", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 22}}, {"drop": null}]}}"#
        let report = try Self.whatIf("- op: add-guest-firewall-line\n  instance: i-app1\n  firewall: nftables\n  position: 1\n  line: '\(line)'\n", on: index)
        #expect(report.touched.first == "i-app1")
        #expect(!report.changed.isEmpty)
        #expect(report.changed.allSatisfy { $0.destination == "i-app1" && $0.ports == "22/22" && $0.before == .reachable && $0.after == .guestBlocked })
    }

    @Test func removingTheNftAcceptByHandleOrByItsTextClosesTheDnatPort() throws {
        let index = try WhatIfTests.example()
        let input = try #require(index.inventory.guests.first { $0.instanceId == "i-app1" }?.nftables?.tables.first?.chains.first { $0.name == "input" })
        let accept = try #require(input.rules.first { $0.handle == 7 })
        let byHandle = try Self.whatIf("- op: remove-guest-firewall-line\n  instance: i-app1\n  firewall: nftables\n  line: handle 7\n", on: index)
        #expect(!byHandle.changed.isEmpty)
        #expect(byHandle.changed.allSatisfy { $0.destination == "i-app1" && $0.ports == "22/22" && $0.after == .guestBlocked })
        let changes = try ChangeFile.parse("- op: remove-guest-firewall-line\n  instance: i-app1\n  firewall: nftables\n  line: '\(accept.text)'\n",
                                           file: "c.yaml", inventory: index.inventory)
        let after = try ChangeApplier.apply(changes, to: index.inventory)
        let rules = after.guests.first { $0.instanceId == "i-app1" }?.nftables?.tables.first?.chains.first { $0.name == "input" }?.rules
        #expect(rules?.map(\.handle) == input.rules.map(\.handle).filter { $0 != 7 })
    }

    @Test func aWindowsAllowRuleChangesWhatTheRulesSee() throws {
        let index = try WhatIfTests.example()
        let block = """
            Rule Name:                            Allow web
            Enabled:                              Yes
            Direction:                            In
            Profiles:                             Domain,Private,Public
            LocalIP:                              Any
            RemoteIP:                             Any
            Protocol:                             TCP
            LocalPort:                            8088
            RemotePort:                           Any
            Action:                               Allow
            """
        let changes = [Change.addGuestFirewallLine(instance: "i-win1", firewall: "windows", line: block, table: nil, position: nil)]
        let after = try ChangeApplier.apply(changes, to: index.inventory)
        let rules = try #require(after.guests.first { $0.instanceId == "i-win1" }?.windowsFirewall?.rules)
        #expect(rules.last?.name == "Allow web" && rules.last?.localPort == "8088" && rules.last?.action == "Allow")
        let removed = try ChangeApplier.apply([.removeGuestFirewallLine(instance: "i-win1", firewall: "windows", line: "Rule Name: Allow web", table: nil)], to: after)
        #expect(removed.guests.first { $0.instanceId == "i-win1" }?.windowsFirewall == index.inventory.guests.first { $0.instanceId == "i-win1" }?.windowsFirewall)
    }

    /// A line the parsers cannot read, or one that is not there, is refused naming the change and the line.
    @Test func badLinesAreRefused() throws {
        let inv = try WhatIfTests.example().inventory
        let cases: [(String, String)] = [
            ("- op: add-guest-firewall-line\n  instance: i-web1\n  firewall: iptables\n  line: \"-A INPUT -p tcp --frobnicate 1 -j ACCEPT\"\n", "--frobnicate"),
            ("- op: add-guest-firewall-line\n  instance: i-web1\n  firewall: iptables\n  line: \"-A NOPE -j ACCEPT\"\n", "chain NOPE is not declared"),
            ("- op: add-guest-firewall-line\n  instance: i-web1\n  firewall: iptables\n  line: \"INPUT -j ACCEPT\"\n", "expected a rule line"),
            ("- op: add-guest-firewall-line\n  instance: i-web1\n  firewall: iptables\n  position: 40\n  line: \"-A INPUT -j ACCEPT\"\n", "out of range"),
            ("- op: remove-guest-firewall-line\n  instance: i-web1\n  firewall: iptables\n  line: \"-A INPUT -j LOG\"\n", "no rule of table filter"),
            ("- op: add-guest-firewall-line\n  instance: i-app1\n  firewall: nftables\n  line: '{\"rule\": {\"family\": \"inet\", \"table\": \"filter\", \"chain\": \"nope\", \"expr\": []}}'\n", "has no chain nope"),
            ("- op: add-guest-firewall-line\n  instance: i-app1\n  firewall: nftables\n  line: 'tcp dport 22 drop'\n", "expected one nft -j rule object"),
            ("- op: add-guest-firewall-line\n  instance: i-app2\n  firewall: iptables\n  line: \"-A INPUT -j ACCEPT\"\n", "holds no iptables ruleset"),
            ("- op: add-guest-firewall-line\n  instance: i-web2\n  firewall: iptables\n  line: \"-A INPUT -j ACCEPT\"\n", "i-web2 has no guest state"),
            ("- op: add-guest-firewall-line\n  instance: i-web1\n  firewall: pf\n  line: \"x\"\n", "field 'firewall' must be one of"),
        ]
        for (yaml, says) in cases {
            do {
                _ = try ChangeFile.parse(yaml, file: "c.yaml", inventory: inv)
                Issue.record("accepted: \(yaml)")
            } catch {
                #expect(error.description.contains(says), "\(error)")
                #expect(error.description.contains("c.yaml: change 1"), "\(error)")
            }
        }
    }
}
