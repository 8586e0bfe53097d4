import NetDiagJSON
import Testing
@testable import NetDiagGuestOS
import NetDiagModel

@Suite struct NftJSONParserTests {
    let ruleset: NftRuleset
    init() throws { ruleset = try NftJSONParser.parse(try Captures.text("nft.json")) }

    var filter: NftTable { ruleset.tables[0] }
    func rule(_ handle: Int) -> NftRule? {
        filter.chains.flatMap(\.rules).first { $0.handle == handle }
    }

    @Test func tablesOfAllFamiliesAndBaseChains() throws {
        #expect(ruleset.tables.map { "\($0.family) \($0.name)" } == ["inet filter", "ip nat", "ip6 raw6"])
        let input = try #require(filter.chains.first { $0.name == "input" })
        #expect(input.hook == "input" && input.priority == 0 && input.policy == "drop")
        let admin = try #require(filter.chains.first { $0.name == "admin" })
        #expect(admin.hook == nil && admin.policy == nil && admin.priority == nil)
        #expect(ruleset.tables[1].chains[0].priority == 100)
        #expect(ruleset.tables[2].chains[0].priority == -300)
        #expect(input.rules.count == 17)
    }

    @Test func namedSetsWithPrefixesAndRanges() {
        #expect(filter.sets["allowed_v4"] == ["10.0.2.0/24", "10.0.3.1-10.0.3.50", "192.168.1.10"])
        #expect(filter.sets["web_ports"] == ["80", "443"])
    }

    @Test func matchFieldsOpsAndRightSides() {
        #expect(rule(7)?.matches == [NftMatch(field: "iifname", values: ["lo"])])
        // `in` with a flag list, and `==` with an anonymous set, both read as membership.
        #expect(rule(8)?.matches == [NftMatch(field: "ct state", values: ["established", "related"])])
        #expect(rule(10)?.matches == [NftMatch(field: "ct state", values: ["established", "related"])])
        #expect(rule(11)?.matches == [NftMatch(field: "ct state", values: ["invalid"])])
        #expect(rule(13)?.matches == [NftMatch(field: "tcp dport", values: ["22", "8080"])])
        #expect(rule(14)?.matches == [NftMatch(field: "tcp dport", values: ["@web_ports"])])
        #expect(rule(15)?.matches.first == NftMatch(field: "ip saddr", values: ["@allowed_v4"]))
        #expect(rule(16)?.matches == [NftMatch(field: "ip saddr", values: ["10.0.0.0/8"]),
                                      NftMatch(field: "udp dport", values: ["1000-2000"])])
        #expect(rule(17)?.matches.first == NftMatch(field: "ip saddr", op: "!=", values: ["10.0.0.0/8"]))
        #expect(rule(18)?.matches.first == NftMatch(field: "ip6 saddr", values: ["fd00::/64"]))
        #expect(rule(19)?.matches == [NftMatch(field: "meta l4proto", values: ["icmp"])])
        #expect(rule(21)?.matches == [NftMatch(field: "meta l4proto", values: ["tcp", "udp"]),
                                      NftMatch(field: "th dport", values: ["53"])])
        #expect(rule(25)?.matches == [NftMatch(field: "tcp sport", values: ["1024-65535"])])
        #expect(rule(29)?.matches.map(\.field) == ["iifname", "oifname"])
    }

    @Test func verdicts() {
        #expect(rule(7)?.verdict == "accept")
        #expect(rule(11)?.verdict == "drop")
        #expect(rule(22)?.verdict == "jump" && rule(22)?.target == "admin")
        #expect(rule(23)?.verdict == "goto" && rule(23)?.target == "admin")
        #expect(rule(25)?.verdict == "continue")
        #expect(rule(28)?.verdict == "return" && rule(28)?.matches == [])
        // log and counter are not matches; the comment only shows in the text.
        #expect(rule(26)?.verdict == "reject" && rule(26)?.matches == [])
    }

    @Test func unknownExpressionsKeepTheirJSON() {
        #expect(rule(24)?.matches.last == NftMatch(field: "unknown",
                                                   values: [#"{"limit":{"burst":5,"per":"second","rate":10}}"#]))
        let masquerade = ruleset.tables[1].chains[0].rules[0]
        #expect(masquerade.verdict == nil)
        #expect(masquerade.matches.last == NftMatch(field: "unknown", values: [#"{"masquerade":null}"#]))
    }

    @Test func readableText() {
        #expect(rule(7)?.text == #"iifname "lo" accept"#)
        #expect(rule(10)?.text == "ct state { established, related } counter accept")
        #expect(rule(17)?.text == "ip saddr != 10.0.0.0/8 tcp dport 5432 drop")
        #expect(rule(22)?.text == #"iifname "eth0" tcp dport 9000 jump admin"#)
        #expect(rule(26)?.text == #"log prefix "nft drop: " counter reject with icmpx admin-prohibited comment "final reject""#)
    }

    @Test func iptablesNftTablesShowXtAsUnknown() throws {
        let compat = try NftJSONParser.parse(try Captures.text("nft-iptables-nft.json"))
        let rules = compat.tables.flatMap(\.chains).flatMap(\.rules)
        #expect(!rules.isEmpty)
        #expect(rules.contains { $0.matches.contains { $0.field == "unknown" && $0.values[0].contains("\"xt\"") } })
        #expect(rules.contains { $0.matches.contains(NftMatch(field: "tcp dport", values: ["22"])) })
    }

    @Test func brokenInputIsAnErrorWithLine() {
        #expect(throws: GuestParseError.self) { try NftJSONParser.parse("[1, 2]") }
        do {
            _ = try NftJSONParser.parse("{\n\"nftables\": [\n{\"table\": }\n]}")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3)
        }
    }

    /// Captured with nft 1.0.6 from a namespace (`nft -j list ruleset`).
    @Test func chainTypesNatStatementsAndVerdictMaps() throws {
        let nat = try NftJSONParser.parse(try Captures.text("nft-nat-vmap.json"))
        let chains = nat.tables.flatMap(\.chains)
        #expect(chains.map(\.type) == ["filter", "nat", "filter"])
        let redirect = try #require(chains[1].rules.first)
        #expect(redirect.verdict == "redirect" && redirect.nat == ["port": "8080"])
        #expect(redirect.text == "tcp dport 80 redirect to :8080")
        let vmap = try #require(chains[0].rules.first?.vmap)
        #expect(vmap.field == "ct state")
        #expect(vmap.elements == [NftMapElement(values: ["invalid"], verdict: "drop"),
                                  NftMapElement(values: ["established"], verdict: "accept"),
                                  NftMapElement(values: ["related"], verdict: "accept")])
        #expect(chains[0].rules.map(\.text).contains("icmp type echo-request accept"))
        #expect(chains[0].rules.last?.matches.first == NftMatch(field: "ct status", values: ["dnat"]))
        let dnat = NftExpressionDecoder.rule(handle: 9, expressions: [json(#"{"dnat": {"addr": "10.0.0.5", "port": {"range": [8000, 8010]}}}"#)], comment: nil)
        #expect(dnat.verdict == "dnat" && dnat.nat == ["address": "10.0.0.5", "port": "8000-8010"])
        // A map whose verdicts are not plain (a named map, a concatenated key) stays unknown.
        let named = NftExpressionDecoder.rule(handle: 10, expressions: [json(#"{"vmap": {"key": {"ct": {"key": "state"}}, "data": "@verdicts"}}"#)], comment: nil)
        #expect(named.vmap == nil && named.matches.first?.field == "unknown")
    }

    /// A statement that ends the chain elsewhere (a queue to user space, an iptables target) is a
    /// verdict the rules cannot evaluate, never a rule without a verdict; a LOG target goes on.
    @Test func queueAndXtTargetsAreUnknownVerdicts() {
        let queue = NftExpressionDecoder.rule(handle: 1, expressions: [json(#"{"queue": {"num": 0}}"#)], comment: nil)
        #expect(queue.verdict == "unknown" && queue.target == "queue")
        let reject = NftExpressionDecoder.rule(handle: 2, expressions: [json(#"{"xt": {"type": "target", "name": "REJECT"}}"#)], comment: nil)
        #expect(reject.verdict == "unknown" && reject.target == "xt REJECT")
        let log = NftExpressionDecoder.rule(handle: 3, expressions: [json(#"{"xt": {"type": "target", "name": "LOG"}}"#)], comment: nil)
        #expect(log.verdict == nil)
    }

    @Test func elementsWithValAndConcat() {
        #expect(NftExpressionDecoder.text(of: json(#"{"elem": {"val": 22, "timeout": 60}}"#)) == "22")
        #expect(NftExpressionDecoder.text(of: json(#"{"concat": ["10.0.0.1", 22]}"#)) == "10.0.0.1 . 22")
    }
}

private func json(_ text: String) -> JSONValue {
    (try? JSONParser.parse(Array(text.utf8))) ?? .null
}
