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
            IptablesMatch(field: "unknown", values: ["-m icmp --icmp-type 8"]),
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
        -I INPUT 1 -j ACCEPT
        -A INPUT -p tcp stray -j ACCEPT
        COMMIT
        """
        let parsed = try IptablesSaveParser.parse(text)
        #expect(parsed.tables[0].chains[0].rules.map(\.line) == [5])
        #expect(parsed.unparsed.map(\.line) == [2, 6, 7, 8, 9, 10])
        #expect(parsed.unparsed[1].reason.contains("NOPE"))
        #expect(parsed.unparsed[2].reason.contains("-p needs a value"))
        #expect(parsed.unparsed[3].reason == "unterminated quote")
        #expect(parsed.unparsed[5].text == "-A INPUT -p tcp stray -j ACCEPT")
    }

    @Test func notIptablesAtAll() {
        #expect(throws: GuestParseError.self) { try IptablesSaveParser.parse("{\"nftables\": []}") }
        #expect((try? IptablesSaveParser.parse(""))?.tables == [])
    }
}
