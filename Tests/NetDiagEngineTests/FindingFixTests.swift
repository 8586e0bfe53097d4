import NetDiagEngine
import NetDiagModel
import Testing

/// A finding's `fix`: edits in what-if change-file form, checked by the host like the rest of the finding.
@Suite struct FindingFixTests {
    static func diagnosis(_ fix: String, status: String = "fail") throws -> Diagnosis {
        try EngineFixtures.diagnose([
            "r.lua": EngineFixtures.rule("r", check: "return \(status){ reason = \"BAD\", message = \"x\", suggestion = \"y\", fix = \(fix) }"),
        ]).1
    }

    static func finding(_ fix: String, status: String = "fail") throws -> Finding {
        try #require(try diagnosis(fix, status: status).finding("r"))
    }

    @Test func aWellFormedFixIsKeptAsAList() throws {
        let one = try Self.finding(#"{ op = "remove-security-group-rule", group = "sg-1", rule = "sgr-1" }"#)
        #expect(one.status == .fail)
        #expect(one.fix == [.object(["op": .string("remove-security-group-rule"), "group": .string("sg-1"), "rule": .string("sgr-1")])])
        let twoDiagnosis = try Self.diagnosis(#"""
            { { op = "add-acl-entry", acl = "nacl-1", direction = "ingress", position = 1,
                entry = { id = "nae-x", policy = "accept", protocol = "tcp", portRange = "22/22", cidr = "10.0.1.10/32" } },
              { op = "unbind-eip", ip = "47.1.1.1" } }
            """#)
        let two = try #require(twoDiagnosis.finding("r"))
        #expect(two.fix?.count == 2)
        #expect(two.fix?[0]["entry"]?["portRange"] == .string("22/22"))
        #expect(DiagnosisReport.Item(two).fix == two.fix)
        #expect(TextReport.render(DiagnosisReport(twoDiagnosis)).contains("fix: {acl=nacl-1"))
    }

    /// Each malformed fix becomes the rule's RULE_BAD_FINDING error, naming the rule file and what is wrong.
    @Test func aMalformedFixIsTheMalformedFindingError() throws {
        let cases: [(fix: String, status: String, says: String)] = [
            (#"{ op = "frobnicate" }"#, "fail", "fix edit 1: unknown op 'frobnicate'"),
            (#"{ group = "sg-1" }"#, "fail", "field 'op' is missing"),
            (#"{ op = "remove-security-group-rule", group = "sg-1" }"#, "fail", "field 'rule' is missing"),
            (#"{ op = "remove-security-group-rule", group = "sg-1", rule = "r", colour = "red" }"#, "fail", "unknown field 'colour'"),
            (#"{ op = "add-security-group-rule", group = "sg-1", rule = { id = "r", direction = "ingress", policy = "accept", priority = 1, protocol = "tcp", portRange = "70000/70000", cidr = "0.0.0.0/0" } }"#,
             "fail", "field 'portRange'"),
            (#"{ op = "add-security-group-rule", group = "sg-1", rule = { id = "r", direction = "ingress", policy = "accept", priority = 0, protocol = "tcp", portRange = "22/22", cidr = "0.0.0.0/0" } }"#,
             "fail", "priority must be 1–100"),
            (#"{ op = "add-acl-entry", acl = "a", direction = "sideways", entry = {} }"#, "fail", "ingress or egress"),
            (#""add a rule""#, "fail", "fix must be an edit table"),
            (#"{}"#, "fail", "fix edit 1: field 'op' is missing"),
            (#"{ op = "unbind-eip", ip = "47.1.1.1" }"#, "pass", "pass finding BAD carries a fix"),
        ]
        for c in cases {
            let f = try Self.finding(c.fix, status: c.status)
            #expect(f.status == .error && f.reason == HostReason.badFinding, "\(c.fix)")
            #expect(f.message.contains("r.lua") && f.message.contains(c.says), "\(c.fix): \(f.message)")
        }
    }

    @Test func aWarningMayCarryAFix() throws {
        let f = try Self.finding(#"{ op = "unbind-eip", ip = "47.1.1.1" }"#, status: "warn")
        #expect(f.status == .warn && f.fix?.count == 1)
    }
}
