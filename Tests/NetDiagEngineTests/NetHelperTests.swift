import Testing
import NetDiagEngine

/// The `net` helpers rule authors rely on, evaluated inside a real rule.
@Suite struct NetHelperTests {
    /// Evaluates a Lua expression in a rule's check and returns `tostring` of its value.
    private func eval(_ expression: String) throws -> String {
        let (_, diagnosis) = try EngineFixtures.diagnose([
            "eval.lua": EngineFixtures.rule("eval", check: """
                local function show(v)
                  if type(v) ~= "table" then return tostring(v) end
                  if v.start ~= nil then return v.start .. "-" .. v["end"] end
                  local parts = {}
                  for _, x in ipairs(v) do parts[#parts + 1] = show(x) end
                  return "{" .. table.concat(parts, ",") .. "}"
                end
                return pass{ reason = "OK", message = show(\(expression)) }
                """),
        ])
        let finding = try #require(diagnosis.finding("eval"))
        #expect(finding.status == .pass, "\(finding.message)")
        return finding.message
    }

    @Test(arguments: [
        ("net.ip('10.0.1.5').lo", "167772421"),
        ("net.ip('10.0.1.256')", "nil"),
        ("net.ip('2001:db8::1').family", "6"),
        ("net.ip('::ffff:1.2.3.4').lo", "281470698652420"),
        ("net.cidr('10.0.1.7/24').lo == net.ip('10.0.1.0').lo", "true"),
        ("net.cidr('10.0.0.0/33')", "nil"),
        ("net.cidr('300.0.0.0/8')", "nil"),
        ("net.cidr('10.9.8.7/0').lo", "0"),
        ("net.cidr('10.9.8.7/32').lo == net.ip('10.9.8.7').lo", "true"),
        ("net.cidr('10.9.8.7').len", "32"),
        ("net.contains('10.0.0.0/16', '10.0.3.7')", "true"),
        ("net.contains('10.0.0.0/16', '10.1.0.1')", "false"),
        ("net.contains('10.0.0.0/16', '10.0.3.0/24')", "true"),
        ("net.contains('10.0.3.0/24', '10.0.0.0/16')", "false"),
        ("net.contains('0.0.0.0/0', '8.8.8.8')", "true"),
        ("net.contains('2001:db8::/32', '2001:db8:ffff::1')", "true"),
        ("net.contains('2001:db8::/32', '10.0.0.1')", "false"),
        ("net.contains('10.0.0.0/8', 'garbage')", "false"),
        ("net.prefix_length('192.168.0.0/20')", "20"),
        ("net.port_range('22/22')", "22-22"),
        ("net.port_range('1000:2000')", "1000-2000"),
        ("net.port_range(80)", "80-80"),
        ("net.port_range('nonsense')", "nil"),
        ("net.port_in('1/65535', 22)", "true"),
        ("net.port_in('-1/-1', 5)", "true"),
        ("net.port_in('80/443', 22)", "false"),
        ("net.port_in({start = 20, ['end'] = 25}, 22)", "true"),
        ("net.protocol_matches('all', 'tcp')", "true"),
        ("net.protocol_matches('TCP', 'tcp')", "true"),
        ("net.protocol_matches('udp', 'tcp')", "false"),
        ("net.protocol_matches('-1', 'udp')", "true"),
        ("net.protocol_matches(nil, 'gre')", "true"),
        ("net.protocol_matches('ICMP', 'Icmp')", "true"),
        ("net.holds(net.cidr('10.0.0.0/16'), net.cidr('10.0.3.7'))", "true"),
        ("net.holds(net.cidr('10.0.0.0/16'), net.cidr('10.0.0.0/8'))", "false"),
        ("net.holds(net.cidr('0.0.0.0/0'), net.cidr('::1'))", "false"),
        ("net.holds(net.cidr('2001:db8::/32'), net.cidr('2001:db8:1::/48'))", "true"),
        ("net.holds(net.cidr('2001:db8::/96'), net.cidr('2001:db8::1:0:1'))", "false"),
        ("net.port_in({start = 1, ['end'] = 65535}, -1)", "true"),
        ("net.port_in({start = 80, ['end'] = 80}, nil)", "false"),
        ("net.format_range({start = -1, ['end'] = -1})", "-1/-1"),
        ("net.ephemeral", "1024-65535"),
    ])
    func helper(expression: String, expected: String) throws {
        #expect(try eval(expression) == expected)
    }

    @Test func longestMatchPrefersTheLongestPrefix() throws {
        let routes = "{ {id='default', destination='0.0.0.0/0'}, {id='vpc', destination='10.0.0.0/16'}, {id='sub', destination='10.0.1.0/24'} }"
        #expect(try eval("net.longest_match(\(routes), '10.0.1.9').id") == "sub")
        #expect(try eval("net.longest_match(\(routes), '10.0.2.9').id") == "vpc")
        #expect(try eval("net.longest_match(\(routes), '8.8.8.8').id") == "default")
        #expect(try eval("select(2, net.longest_match(\(routes), '10.0.1.9'))") == "24")
        #expect(try eval("net.longest_match({}, '8.8.8.8')") == "nil")
        #expect(try eval("net.longest_match({ {cidr='10.0.0.0/8'} }, '10.1.1.1', 'cidr').cidr") == "10.0.0.0/8")
        let v6 = "{ {id='all6', destination='::/0'}, {id='v4', destination='0.0.0.0/0'}, {id='net', destination='2001:db8::/32'} }"
        #expect(try eval("net.longest_match(\(v6), '2001:db8::5').id") == "net")
        #expect(try eval("net.longest_match(\(v6), '2001:db9::5').id") == "all6")
        #expect(try eval("net.longest_match(\(v6), '10.0.0.1').id") == "v4")
        #expect(try eval("net.longest_match(\(v6), 'not an address')") == "nil")
    }

    @Test func uncoveredRangesAreTheGaps() throws {
        let want = "{start = 1024, ['end'] = 65535}"
        #expect(try eval("net.uncovered(\(want), { '1024/32767' })") == "{32768-65535}")
        #expect(try eval("net.uncovered(\(want), { '2000/3000', '40000/50000' })") == "{1024-1999,3001-39999,50001-65535}")
        #expect(try eval("net.uncovered(\(want), { '1/65535' })") == "{}")
        #expect(try eval("net.uncovered(\(want), { '-1/-1' })") == "{}")
        #expect(try eval("net.uncovered(\(want), {})") == "{1024-65535}")
    }
}
