import Testing
@testable import NetDiagGuestOS
import NetDiagModel

@Suite struct IptablesSaveParserTests {
    let ruleset: IptablesRuleset
    init() throws { ruleset = try IptablesSaveParser.parse(try Captures.text("iptables-save.txt")) }

    func chain(_ name: String, table: String = "filter") -> IptablesChain? {
        ruleset.tables.first { $0.name == table }?.chains.first { $0.name == name }
    }

    /// The rule of INPUT whose raw text contains `fragment`.
    func rule(_ fragment: String, chain name: String = "INPUT") -> IptablesRule? {
        chain(name)?.rules.first { $0.text.contains(fragment) }
    }

    @Test func tablesChainsAndPolicies() throws {
        #expect(ruleset.unparsed.isEmpty)
        #expect(ruleset.tables.map(\.name) == ["filter", "nat"])
        #expect(chain("INPUT")?.policy == "DROP")
        #expect(chain("OUTPUT")?.policy == "ACCEPT")
        #expect(chain("MYSQL-IN")?.policy == nil)
        #expect(chain("INPUT")?.rules.count == 17)
        #expect(chain("POSTROUTING", table: "nat")?.rules.first?.target == "MASQUERADE")
        let first = try #require(chain("INPUT")?.rules.first)
        #expect(first.line == 8)
        #expect(first.text == "-A INPUT -i lo -j ACCEPT")
        #expect(first.matches == [IptablesMatch(field: "in-interface", values: ["lo"])])
    }

    @Test func stateAndConntrack() throws {
        #expect(rule("--state RELATED")?.matches == [IptablesMatch(field: "state", values: ["RELATED", "ESTABLISHED"])])
        #expect(rule("--ctstate INVALID")?.target == "DROP")
        let negated = try #require(rule("! --ctstate"))
        #expect(negated.matches == [IptablesMatch(field: "state", negated: true, values: ["NEW", "RELATED", "ESTABLISHED"])])
    }

    @Test func portsAndMultiport() throws {
        #expect(rule("--dport 22 ")?.matches == [IptablesMatch(field: "protocol", values: ["tcp"]),
                                                 IptablesMatch(field: "dport", values: ["22"])])
        #expect(rule("--dports")?.matches.last == IptablesMatch(field: "dport", values: ["80", "443", "8000:8100"]))
        #expect(rule("--sports")?.matches.last == IptablesMatch(field: "sport", values: ["53", "123"]))
        #expect(rule("--ports")?.matches.last == IptablesMatch(field: "port", values: ["25", "587"]))
        #expect(rule("--sport 1024:65535")?.matches.last == IptablesMatch(field: "sport", values: ["1024:65535"]))
    }

    @Test func addressesInterfacesAndNegation() throws {
        let icmp = try #require(rule("--icmp-type"))
        #expect(icmp.matches == [
            IptablesMatch(field: "source", values: ["10.0.0.0/8"]),
            IptablesMatch(field: "destination", negated: true, values: ["10.0.9.9/32"]),
            IptablesMatch(field: "protocol", values: ["icmp"]),
            IptablesMatch(field: "icmp-type", values: ["8"]),
        ])
        let log = try #require(rule("-j LOGDROP"))
        #expect(log.matches.contains(IptablesMatch(field: "source", negated: true, values: ["192.168.0.0/16"])))
        #expect(log.matches.contains(IptablesMatch(field: "dport", negated: true, values: ["1024:65535"])))
        let forward = try #require(chain("FORWARD")?.rules.first)
        #expect(forward.matches == [IptablesMatch(field: "in-interface", values: ["eth0"]),
                                    IptablesMatch(field: "out-interface", values: ["eth1"])])
    }

    @Test func ipranges() throws {
        #expect(rule("--src-range")?.matches.contains(IptablesMatch(field: "src-range", values: ["10.0.3.1-10.0.3.50"])) == true)
        #expect(rule("--dst-range")?.matches.contains(
            IptablesMatch(field: "dst-range", negated: true, values: ["10.0.1.100-10.0.1.200"])) == true)
    }

    @Test func targetsGotoUserChainsAndTargetOptions() throws {
        #expect(rule("--dport 3306")?.target == "MYSQL-IN")
        #expect(rule("--dport 3306")?.isGoto == false)
        let goto = try #require(rule("-g MYSQL-IN"))
        #expect(goto.target == "MYSQL-IN" && goto.isGoto)
        let reject = try #require(rule("tcp-reset"))
        #expect(reject.target == "REJECT")
        #expect(reject.matches == [IptablesMatch(field: "protocol", values: ["tcp"])])
        // Quoted --log-prefix with blanks, and unknown match modules kept with their text.
        let log = try #require(rule("--log-prefix \"netdiag in: \""))
        #expect(log.target == "LOG")
        #expect(log.matches.contains(IptablesMatch(field: "unknown", values: ["--tcp-flags SYN,RST,ACK SYN"])))
        #expect(log.matches.contains(IptablesMatch(field: "unknown", values: ["-m limit --limit 5/min"])))
        // Comments never change matching.
        #expect(rule("admin console")?.matches.map(\.field) == ["in-interface", "protocol", "dport"])
        #expect(chain("MYSQL-IN")?.rules.map(\.target) == ["ACCEPT", "REJECT"])
        let dnat = ruleset.tables[1].chains[0].rules[0]
        #expect(dnat.target == "DNAT" && dnat.matches.count == 3)
    }

    @Test func counterPrefixAndIPv6() throws {
        let counted = try IptablesSaveParser.parse(try Captures.text("iptables-save-counters.txt"))
        #expect(counted.unparsed.isEmpty)
        #expect(counted.tables.first?.chains.first?.rules.first?.target == "ACCEPT")
        let v6 = try IptablesSaveParser.parse(try Captures.text("ip6tables-save.txt"))
        let input = try #require(v6.tables.first?.chains.first)
        #expect(input.rules[3].matches.first == IptablesMatch(field: "source", values: ["fd00::/64"]))
        #expect(input.rules[2].matches == [IptablesMatch(field: "protocol", values: ["ipv6-icmp"])])
    }

    @Test func setMatchAndOldNegationForms() throws {
        let text = """
        *filter
        :INPUT ACCEPT [0:0]
        -A INPUT -m set --match-set allowlist src -j ACCEPT
        -A INPUT -m set ! --match-set blocklist src,dst -j DROP
        -A INPUT -m state ! --state NEW -j ACCEPT
        -A INPUT -p tcp --dport ! 22 -s ! 10.0.0.1 -j DROP
        COMMIT
        """
        let rules = try IptablesSaveParser.parse(text).tables[0].chains[0].rules
        #expect(rules[0].matches == [IptablesMatch(field: "set", values: ["allowlist", "src"])])
        #expect(rules[1].matches == [IptablesMatch(field: "set", negated: true, values: ["blocklist", "src,dst"])])
        #expect(rules[2].matches == [IptablesMatch(field: "state", negated: true, values: ["NEW"])])
        #expect(rules[3].matches == [IptablesMatch(field: "protocol", values: ["tcp"]),
                                     IptablesMatch(field: "dport", negated: true, values: ["22"]),
                                     IptablesMatch(field: "source", negated: true, values: ["10.0.0.1"])])
    }

    @Test func unparsedLinesKeepTheirNumbers() throws {
        let text = """
        # Generated by hand
        -A INPUT -j ACCEPT
        *filter
        :INPUT DROP [0:0]
        -A INPUT -p tcp --dport 22 -j ACCEPT
        -A NOPE -j ACCEPT
        -A INPUT -p
        -A INPUT -m comment --comment "unterminated -j ACCEPT
        -I INPUT 9 -j ACCEPT
        -A INPUT -p tcp stray -j ACCEPT
        COMMIT
        """
        let parsed = try IptablesSaveParser.parse(text)
        #expect(parsed.tables[0].chains[0].rules.map(\.line) == [5])
        #expect(parsed.unparsed.map(\.line) == [2, 6, 7, 8, 9, 10])
        #expect(parsed.unparsed[1].reason.contains("NOPE"))
        #expect(parsed.unparsed[2].reason.contains("-p needs a value"))
        #expect(parsed.unparsed[3].reason == "unterminated quote")
        #expect(parsed.unparsed[4].reason.contains("rule number 9 out of range"))
        #expect(parsed.unparsed[5].text == "-A INPUT -p tcp stray -j ACCEPT")
        // Where each sits: outside any table; a chain never declared; INPUT after its one rule
        // (an -A that could not be read); INPUT at an unknown place (an -I).
        #expect(parsed.unparsed[0].table == nil)
        #expect(parsed.unparsed[1].chain == "NOPE" && parsed.unparsed[1].position == nil)
        #expect(parsed.unparsed.map(\.position) == [nil, nil, 1, 1, nil, 1])
        #expect(parsed.unparsed[2...].allSatisfy { $0.table == "filter" && $0.chain == "INPUT" })
    }

    @Test func restoreCommandsEditTheTable() throws {
        let text = """
        *filter
        :INPUT ACCEPT [0:0]
        :OLD - [0:0]
        -A INPUT -p tcp --dport 80 -j DROP
        -F INPUT
        -A INPUT -p tcp --dport 22 -j OLD
        -E OLD SSH
        -A SSH -j ACCEPT
        -I INPUT -p tcp --dport 443 -j ACCEPT
        -I INPUT 2 -p udp --dport 53 -j ACCEPT
        -A INPUT -p tcp --dport 25 -j ACCEPT
        -D INPUT -p tcp --dport 25 -j ACCEPT
        -D INPUT 1
        -R INPUT 1 -p udp --dport 123 -j ACCEPT
        -P INPUT DROP
        -N EMPTY
        -X EMPTY
        -Z
        -X SSH
        -P SSH DROP
        COMMIT
        """
        let parsed = try IptablesSaveParser.parse(text)
        let table = parsed.tables[0]
        #expect(table.chains.map(\.name) == ["INPUT", "SSH"])
        #expect(table.chains[0].policy == "DROP")
        #expect(table.chains[0].rules.map(\.line) == [14, 6])
        #expect(table.chains[0].rules[1].target == "SSH")
        #expect(parsed.unparsed.map(\.line) == [19, 20])
        #expect(parsed.unparsed[0].reason.contains("not empty"))
        #expect(parsed.unparsed[1].reason.contains("not a built-in chain"))
    }

    @Test func quotedWordsAreValuesAndNatTargetsKeepTheirDestination() throws {
        let text = """
        *nat
        :PREROUTING ACCEPT [0:0]
        -A PREROUTING -p tcp -m comment --comment "!" --dport 80 -j REDIRECT --to-ports 8080
        -A PREROUTING -p tcp --dport 81 -j DNAT --to-destination 10.0.0.5:9000
        -A PREROUTING -j LOG --log-prefix "!"
        -A PREROUTING -m conntrack --ctstate DNAT --ctproto tcp --ctorigdstport 80 --ctstatus DNAT,SEEN_REPLY -j ACCEPT
        COMMIT
        """
        let parsed = try IptablesSaveParser.parse(text)
        #expect(parsed.unparsed.isEmpty)
        let rules = parsed.tables[0].chains[0].rules
        #expect(rules[0].matches == [IptablesMatch(field: "protocol", values: ["tcp"]), IptablesMatch(field: "dport", values: ["80"])])
        #expect(rules[0].targetOptions == ["--to-ports": "8080"])
        #expect(rules[1].targetOptions == ["--to-destination": "10.0.0.5:9000"])
        #expect(rules[2].target == "LOG" && rules[2].matches.isEmpty)
        #expect(rules[3].matches == [IptablesMatch(field: "state", values: ["DNAT"]), IptablesMatch(field: "ctproto", values: ["tcp"]),
                                     IptablesMatch(field: "ctorigdstport", values: ["80"]),
                                     IptablesMatch(field: "ctstatus", values: ["DNAT", "SEEN_REPLY"])])
    }

    @Test func notIptablesAtAll() {
        #expect(throws: GuestParseError.self) { try IptablesSaveParser.parse("{\"nftables\": []}") }
        #expect((try? IptablesSaveParser.parse(""))?.tables == [])
    }
}
