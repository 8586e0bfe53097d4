import Foundation
import Testing
import NetDiagEngine
import NetDiagModel

/// Runs the cloud rules under rules/ on the fixture inventory of rules/tests/inventories/cloud.yaml
/// (embedded here as JSON: this target does not link Yams) and checks the same expectations as
/// the YAML cases in rules/tests/<rule-id>/, until `netdiag rules test` runs those directly.
@Suite struct CloudRulesSmokeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var rule, name, source, destination, `protocol`: String
        var port: Int
        var sourcePorts, vpcId: String
        var status: Finding.Status
        var reason: String
        var evidence: [String: DataValue]
        var testDescription: String { "\(rule)/\(name)" }
    }

    static let rulesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("rules").path

    static func engine() throws -> RuleEngine {
        let engine = try RuleEngine(folders: [rulesFolder])
        let inventory = try JSONDecoder().decode(Inventory.self, from: Data(inventoryJSON.utf8))
        try engine.bind(InventoryIndex(inventory))
        return engine
    }

    static func request(_ c: Case) -> DiagnosisRequest {
        DiagnosisRequest(source: c.source, destination: c.destination, protocol: c.protocol, port: c.port,
                         sourcePorts: PortRange(c.sourcePorts)!, vpcId: c.vpcId)
    }

    @Test func rulesLoadWithoutProblems() throws {
        let engine = try Self.engine()
        #expect(engine.problems.isEmpty, "\(engine.problems)")
        #expect(engine.rules.count >= 14)
    }

    @Test func everyCase() throws {
        let engine = try Self.engine()
        for c in Self.cases {
            let diagnosis = try engine.diagnose(Self.request(c))
            let broken = diagnosis.findings.filter { $0.status == .error }
            #expect(broken.isEmpty, "\(c.testDescription): \(broken.map { "\($0.rule): \($0.message)" })")
            guard let f = diagnosis.findings.first(where: { $0.rule == c.rule }) else {
                Issue.record("\(c.testDescription): rule \(c.rule) reported nothing"); continue
            }
            #expect(f.status == c.status && f.reason == c.reason,
                    "\(c.testDescription): got \(f.status) \(f.reason): \(f.message)")
            for (key, want) in c.evidence {
                #expect(f.evidence[key] == want, "\(c.testDescription): evidence \(key) = \(f.evidence[key].map { "\($0)" } ?? "nil"), want \(want)")
            }
            if f.status == .fail { #expect(f.suggestion?.isEmpty == false, "\(c.testDescription): no suggestion") }
        }
    }

    /// A diagnosis names every blocker, each with the entry that decided.
    @Test func verdictsNameAllBlockers() throws {
        let engine = try Self.engine()
        let open = try engine.diagnose(DiagnosisRequest(source: "i-a1", destination: "i-b1", protocol: "tcp", port: 8080))
        #expect(open.result == .normal)
        let blocked = try engine.diagnose(DiagnosisRequest(source: "i-a1", destination: "i-c1", protocol: "tcp", port: 3306))
        #expect(blocked.result == .unconnectable)
        #expect(Set(blocked.blockers.map(\.rule)) == ["security-group.egress", "network-acl.egress"])
        let suggestion = blocked.blockers.first { $0.rule == "security-group.egress" }?.suggestion ?? ""
        #expect(suggestion.contains("sgr-web-e-3306"), "\(suggestion)")
    }

    static let cases: [Case] = [
        Case(rule: "object.source-state", name: "instance-running", source: "i-b1", destination: "i-d1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "SOURCE_INSTANCE_RUNNING", evidence: ["instance": .string("i-b1")]),
        Case(rule: "object.source-state", name: "instance-stopped", source: "i-b3", destination: "i-d1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "SOURCE_INSTANCE_NOT_RUNNING", evidence: ["instance": .string("i-b3"), "status": .string("Stopped")]),
        Case(rule: "object.source-state", name: "secondary-eni-bound", source: "eni-sec-bound", destination: "i-d1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "SOURCE_INSTANCE_RUNNING", evidence: ["instance": .string("i-b1"), "eni": .string("eni-sec-bound")]),
        Case(rule: "object.source-state", name: "secondary-eni-unbound", source: "eni-sec-free", destination: "i-d1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "SOURCE_ENI_NOT_BOUND", evidence: ["eni": .string("eni-sec-free")]),
        Case(rule: "object.source-state", name: "eni-attaching", source: "eni-attaching", destination: "i-d1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "SOURCE_ENI_NOT_IN_USE", evidence: ["eni": .string("eni-attaching"), "status": .string("Attaching")]),
        Case(rule: "object.source-state", name: "eni-in-use-no-instance", source: "eni-svc", destination: "i-d1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "SOURCE_ENI_IN_USE", evidence: ["eni": .string("eni-svc")]),
        Case(rule: "object.destination-state", name: "instance-running", source: "i-d1", destination: "i-b1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "DESTINATION_INSTANCE_RUNNING", evidence: ["instance": .string("i-b1")]),
        Case(rule: "object.destination-state", name: "instance-stopped", source: "i-d1", destination: "i-b3", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "DESTINATION_INSTANCE_NOT_RUNNING", evidence: ["instance": .string("i-b3"), "status": .string("Stopped")]),
        Case(rule: "object.destination-state", name: "secondary-eni-bound", source: "i-d1", destination: "eni-sec-bound", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "DESTINATION_INSTANCE_RUNNING", evidence: ["instance": .string("i-b1"), "eni": .string("eni-sec-bound")]),
        Case(rule: "object.destination-state", name: "secondary-eni-unbound", source: "i-d1", destination: "eni-sec-free", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "DESTINATION_ENI_NOT_BOUND", evidence: ["eni": .string("eni-sec-free")]),
        Case(rule: "object.destination-state", name: "eni-attaching", source: "i-d1", destination: "eni-attaching", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "DESTINATION_ENI_NOT_IN_USE", evidence: ["eni": .string("eni-attaching"), "status": .string("Attaching")]),
        Case(rule: "object.destination-state", name: "eni-in-use-no-instance", source: "i-d1", destination: "eni-svc", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "DESTINATION_ENI_IN_USE", evidence: ["eni": .string("eni-svc")]),
        Case(rule: "object.destination-state", name: "dnat-target-running", source: "203.0.113.7", destination: "47.1.1.100", protocol: "tcp", port: 8022, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "DESTINATION_INSTANCE_RUNNING", evidence: ["instance": .string("i-b1")]),
        Case(rule: "object.vpc", name: "in-path-vpc", source: "i-a1", destination: "i-b1", protocol: "tcp", port: 8080, sourcePorts: "1024/65535", vpcId: "vpc-main", status: .pass, reason: "OBJECT_IN_PATH_VPC", evidence: ["pathVpc": .string("vpc-main"), "sourceVpc": .string("vpc-main")]),
        Case(rule: "object.vpc", name: "same-vpc", source: "i-a1", destination: "i-b1", protocol: "tcp", port: 8080, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "OBJECTS_IN_SAME_VPC", evidence: ["sourceVpc": .string("vpc-main"), "destinationVpc": .string("vpc-main")]),
        Case(rule: "object.vpc", name: "different-vpcs", source: "i-g3", destination: "i-a1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .warn, reason: "OBJECT_IN_OTHER_VPC", evidence: ["sourceVpc": .string("vpc-igw"), "destinationVpc": .string("vpc-main")]),
        Case(rule: "object.vpc", name: "one-outside-path-vpc", source: "i-g3", destination: "i-a1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "vpc-main", status: .warn, reason: "OBJECT_IN_OTHER_VPC", evidence: ["pathVpc": .string("vpc-main"), "sourceVpc": .string("vpc-igw")]),
        Case(rule: "object.vpc", name: "none-in-path-vpc", source: "i-g1", destination: "i-g2", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "vpc-main", status: .fail, reason: "OBJECT_NOT_IN_PATH_VPC", evidence: ["pathVpc": .string("vpc-main"), "sourceVpc": .string("vpc-igw")]),
        Case(rule: "security-group.ingress", name: "group-reference-accepts", source: "i-a1", destination: "i-b1", protocol: "tcp", port: 8080, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "SG_INGRESS_ALLOWED", evidence: ["securityGroup": .string("sg-app"), "rule": .string("sgr-app-8080"), "peer": .string("sg-web")]),
        Case(rule: "security-group.ingress", name: "drop-beats-accept-same-priority", source: "i-b2", destination: "i-a1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "SG_INGRESS_DENIED", evidence: ["securityGroup": .string("sg-web"), "rule": .string("sgr-web-drop-22"), "priority": .int(10), "policy": .string("drop")]),
        Case(rule: "security-group.ingress", name: "same-priority-accept-for-others", source: "i-b1", destination: "i-a1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "SG_INGRESS_ALLOWED", evidence: ["rule": .string("sgr-web-22")]),
        Case(rule: "security-group.ingress", name: "merged-groups-drop-first", source: "i-b1", destination: "i-a2", protocol: "tcp", port: 8443, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "SG_INGRESS_DENIED", evidence: ["securityGroup": .string("sg-web"), "rule": .string("sgr-web-drop-8443"), "priority": .int(5)]),
        Case(rule: "security-group.ingress", name: "merged-groups-accept", source: "i-d1", destination: "i-a2", protocol: "tcp", port: 8443, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "SG_INGRESS_ALLOWED", evidence: ["securityGroup": .string("sg-web2"), "rule": .string("sgr-web2-8443")]),
        Case(rule: "security-group.ingress", name: "basic-default-denies", source: "i-d1", destination: "i-b1", protocol: "tcp", port: 8080, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "SG_INGRESS_DEFAULT_DENIED", evidence: ["securityGroup": .string("sg-app"), "rule": .string("default"), "default": .string("basic")]),
        Case(rule: "security-group.ingress", name: "inner-access-drop", source: "i-b1", destination: "i-b2", protocol: "tcp", port: 8080, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "SG_INGRESS_DEFAULT_DENIED", evidence: ["rule": .string("default"), "innerAccessGroup": .string("sg-app"), "innerAccessPolicy": .string("Drop")]),
        Case(rule: "security-group.ingress", name: "inner-access-accept", source: "i-e1", destination: "i-d1", protocol: "tcp", port: 9000, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "SG_INGRESS_ALLOWED", evidence: ["rule": .string("default"), "innerAccessGroup": .string("sg-inner")]),
        Case(rule: "security-group.ingress", name: "enterprise-default-denies", source: "i-b1", destination: "i-c1", protocol: "tcp", port: 3306, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "SG_INGRESS_DEFAULT_DENIED", evidence: ["securityGroup": .string("sg-ent"), "default": .string("enterprise")]),
        Case(rule: "security-group.ingress", name: "enterprise-rule-accepts", source: "i-a1", destination: "i-c1", protocol: "tcp", port: 3306, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "SG_INGRESS_ALLOWED", evidence: ["securityGroup": .string("sg-ent"), "rule": .string("sgr-ent-3306")]),
        Case(rule: "security-group.ingress", name: "prefix-list-accepts", source: "203.0.113.7", destination: "47.1.1.1", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "SG_INGRESS_ALLOWED", evidence: ["rule": .string("sgr-web-pl"), "peer": .string("pl-office"), "address": .string("203.0.113.7")]),
        Case(rule: "security-group.ingress", name: "internet-not-in-prefix-list", source: "8.8.8.8", destination: "47.1.1.1", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "SG_INGRESS_DEFAULT_DENIED", evidence: ["rule": .string("default"), "address": .string("8.8.8.8")]),
        Case(rule: "security-group.ingress", name: "dnat-keeps-public-source", source: "203.0.113.7", destination: "47.1.1.100", protocol: "tcp", port: 8022, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "SG_INGRESS_ALLOWED", evidence: ["securityGroup": .string("sg-app"), "rule": .string("sgr-app-22"), "address": .string("203.0.113.7")]),
        Case(rule: "security-group.ingress", name: "source-port-range-not-covered", source: "i-d1", destination: "i-a1", protocol: "udp", port: 53, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "SG_INGRESS_DEFAULT_DENIED", evidence: ["rule": .string("default")]),
        Case(rule: "security-group.ingress", name: "source-port-range-covered", source: "i-d1", destination: "i-a1", protocol: "udp", port: 53, sourcePorts: "1024/2047", vpcId: "", status: .pass, reason: "SG_INGRESS_ALLOWED", evidence: ["rule": .string("sgr-web-sport")]),
        Case(rule: "security-group.ingress", name: "no-source-address", source: "i-c1", destination: "47.1.1.1", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .skip, reason: "SG_INGRESS_NO_SOURCE_ADDRESS", evidence: [:]),
        Case(rule: "security-group.ingress", name: "snat-address-seen", source: "i-b1", destination: "47.1.1.1", protocol: "tcp", port: 80, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "SG_INGRESS_ALLOWED", evidence: ["rule": .string("sgr-web-80"), "address": .string("47.1.1.100")]),
        Case(rule: "security-group.egress", name: "basic-default-accepts", source: "i-a1", destination: "i-b1", protocol: "tcp", port: 8080, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "SG_EGRESS_ALLOWED", evidence: ["securityGroup": .string("sg-web"), "rule": .string("default"), "default": .string("basic")]),
        Case(rule: "security-group.egress", name: "drop-rule", source: "i-a1", destination: "i-c1", protocol: "tcp", port: 3306, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "SG_EGRESS_DENIED", evidence: ["securityGroup": .string("sg-web"), "rule": .string("sgr-web-e-3306"), "priority": .int(1), "policy": .string("drop")]),
        Case(rule: "security-group.egress", name: "enterprise-default-denies", source: "i-c1", destination: "i-b1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "SG_EGRESS_DEFAULT_DENIED", evidence: ["securityGroup": .string("sg-ent"), "default": .string("enterprise")]),
        Case(rule: "network-acl.egress", name: "accepted", source: "i-a1", destination: "i-b1", protocol: "tcp", port: 8080, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_EGRESS_ALLOWED", evidence: ["networkAcl": .string("nacl-a"), "entry": .string("ea-all"), "position": .int(3)]),
        Case(rule: "network-acl.egress", name: "dropped", source: "i-a1", destination: "i-c1", protocol: "tcp", port: 3306, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "ACL_EGRESS_DENIED", evidence: ["networkAcl": .string("nacl-a"), "entry": .string("ea-drop-3306"), "position": .int(2)]),
        Case(rule: "network-acl.egress", name: "empty-acl-denies", source: "i-d1", destination: "i-a1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "ACL_EGRESS_NO_MATCH", evidence: ["networkAcl": .string("nacl-empty"), "entry": .string("none")]),
        Case(rule: "network-acl.egress", name: "no-entry-matches", source: "i-a1", destination: "8.8.8.8", protocol: "udp", port: 53, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "ACL_EGRESS_NO_MATCH", evidence: ["networkAcl": .string("nacl-a"), "entry": .string("none")]),
        Case(rule: "network-acl.egress", name: "same-vswitch", source: "i-a1", destination: "i-a2", protocol: "tcp", port: 9999, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_EGRESS_SAME_VSWITCH", evidence: ["vswitch": .string("vsw-a")]),
        Case(rule: "network-acl.egress", name: "no-acl", source: "i-c1", destination: "i-b1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_EGRESS_NO_ACL", evidence: ["vswitch": .string("vsw-c")]),
        Case(rule: "network-acl.egress", name: "service-address", source: "i-a1", destination: "100.100.2.130", protocol: "udp", port: 53, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_EGRESS_SERVICE_ADDRESS", evidence: ["serviceBlock": .string("100.100.2.128/28")]),
        Case(rule: "network-acl.ingress", name: "accepted", source: "i-a1", destination: "i-b1", protocol: "tcp", port: 8080, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_INGRESS_ALLOWED", evidence: ["networkAcl": .string("nacl-b"), "entry": .string("ib-8080"), "position": .int(1)]),
        Case(rule: "network-acl.ingress", name: "dropped", source: "i-b1", destination: "i-a1", protocol: "tcp", port: 80, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "ACL_INGRESS_DENIED", evidence: ["networkAcl": .string("nacl-a"), "entry": .string("ia-drop80"), "position": .int(1)]),
        Case(rule: "network-acl.ingress", name: "no-entry-matches", source: "i-b1", destination: "i-a1", protocol: "udp", port: 53, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "ACL_INGRESS_NO_MATCH", evidence: ["networkAcl": .string("nacl-a"), "entry": .string("none")]),
        Case(rule: "network-acl.ingress", name: "empty-acl-denies", source: "i-e1", destination: "i-d1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "ACL_INGRESS_NO_MATCH", evidence: ["networkAcl": .string("nacl-empty"), "entry": .string("none")]),
        Case(rule: "network-acl.ingress", name: "same-vswitch", source: "i-a2", destination: "i-a1", protocol: "tcp", port: 9999, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_INGRESS_SAME_VSWITCH", evidence: ["vswitch": .string("vsw-a")]),
        Case(rule: "network-acl.ingress", name: "no-acl", source: "i-b1", destination: "i-c1", protocol: "tcp", port: 3306, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_INGRESS_NO_ACL", evidence: ["vswitch": .string("vsw-c")]),
        Case(rule: "network-acl.ingress", name: "service-address", source: "100.100.2.130", destination: "i-a1", protocol: "udp", port: 53, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_INGRESS_SERVICE_ADDRESS", evidence: ["serviceBlock": .string("100.100.2.128/28")]),
        Case(rule: "network-acl.ingress", name: "dnat-internal-port", source: "203.0.113.7", destination: "47.1.1.100", protocol: "tcp", port: 8022, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_INGRESS_ALLOWED", evidence: ["networkAcl": .string("nacl-b"), "entry": .string("ib-22")]),
        Case(rule: "network-acl.ingress", name: "no-source-address", source: "i-c1", destination: "47.1.1.1", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .skip, reason: "ACL_INGRESS_NO_SOURCE_ADDRESS", evidence: [:]),
        Case(rule: "network-acl.return-egress", name: "replies-allowed", source: "i-b1", destination: "i-a1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_RETURN_EGRESS_ALLOWED", evidence: ["networkAcl": .string("nacl-a"), "entries": .string("ea-all")]),
        Case(rule: "network-acl.return-egress", name: "replies-partly-allowed", source: "i-a1", destination: "i-b1", protocol: "tcp", port: 8080, sourcePorts: "1024/65535", vpcId: "", status: .warn, reason: "ACL_RETURN_EGRESS_PARTIAL", evidence: ["networkAcl": .string("nacl-b"), "uncovered": .string("1024/32767"), "entries": .string("eb-high")]),
        Case(rule: "network-acl.return-egress", name: "replies-denied", source: "i-d1", destination: "i-a1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "ACL_RETURN_EGRESS_DENIED", evidence: ["networkAcl": .string("nacl-a"), "entry": .string("ea-drop-d")]),
        Case(rule: "network-acl.return-egress", name: "client-ports-option", source: "i-a1", destination: "i-b1", protocol: "tcp", port: 8080, sourcePorts: "40000/50000", vpcId: "", status: .pass, reason: "ACL_RETURN_EGRESS_ALLOWED", evidence: ["networkAcl": .string("nacl-b"), "clientPorts": .string("40000/50000")]),
        Case(rule: "network-acl.return-egress", name: "same-vswitch", source: "i-a2", destination: "i-a1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_RETURN_EGRESS_SAME_VSWITCH", evidence: ["vswitch": .string("vsw-a")]),
        Case(rule: "network-acl.return-egress", name: "no-acl", source: "i-a1", destination: "i-c1", protocol: "tcp", port: 3306, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_RETURN_EGRESS_NO_ACL", evidence: ["vswitch": .string("vsw-c")]),
        Case(rule: "network-acl.return-egress", name: "service-address", source: "100.100.2.130", destination: "i-a1", protocol: "udp", port: 53, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_RETURN_EGRESS_SERVICE_ADDRESS", evidence: ["serviceBlock": .string("100.100.2.128/28")]),
        Case(rule: "network-acl.return-egress", name: "no-source-address", source: "i-c1", destination: "47.1.1.1", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .skip, reason: "ACL_RETURN_EGRESS_NO_SOURCE_ADDRESS", evidence: [:]),
        Case(rule: "network-acl.return-ingress", name: "replies-allowed", source: "i-a1", destination: "8.8.8.8", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_RETURN_INGRESS_ALLOWED", evidence: ["networkAcl": .string("nacl-a"), "entries": .string("ia-pub-eph")]),
        Case(rule: "network-acl.return-ingress", name: "replies-partly-allowed", source: "i-a1", destination: "i-b1", protocol: "tcp", port: 8080, sourcePorts: "1024/65535", vpcId: "", status: .warn, reason: "ACL_RETURN_INGRESS_PARTIAL", evidence: ["networkAcl": .string("nacl-a"), "uncovered": .string("1024/32767"), "entries": .string("ia-eph-high")]),
        Case(rule: "network-acl.return-ingress", name: "replies-denied", source: "i-b1", destination: "8.8.8.8", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "ACL_RETURN_INGRESS_DENIED", evidence: ["networkAcl": .string("nacl-b"), "entry": .string("ib-drop-all"), "position": .int(3)]),
        Case(rule: "network-acl.return-ingress", name: "same-vswitch", source: "i-a1", destination: "i-a2", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_RETURN_INGRESS_SAME_VSWITCH", evidence: ["vswitch": .string("vsw-a")]),
        Case(rule: "network-acl.return-ingress", name: "no-acl", source: "i-c1", destination: "i-b1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_RETURN_INGRESS_NO_ACL", evidence: ["vswitch": .string("vsw-c")]),
        Case(rule: "network-acl.return-ingress", name: "service-address", source: "i-a1", destination: "100.100.2.130", protocol: "udp", port: 53, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ACL_RETURN_INGRESS_SERVICE_ADDRESS", evidence: ["serviceBlock": .string("100.100.2.128/28")]),
        Case(rule: "route.forward", name: "local", source: "i-a1", destination: "i-b1", protocol: "tcp", port: 8080, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ROUTE_LOCAL", evidence: ["routeTable": .string("rtb-sys"), "route": .string("rte-local-b"), "nextHopType": .string("local")]),
        Case(rule: "route.forward", name: "service", source: "i-a1", destination: "100.100.2.130", protocol: "udp", port: 53, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ROUTE_SERVICE", evidence: ["route": .string("rte-service")]),
        Case(rule: "route.forward", name: "next-hop-instance", source: "i-b1", destination: "192.168.10.5", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ROUTE_NEXT_HOP_OK", evidence: ["route": .string("rte-router"), "nextHopType": .string("Instance"), "nextHop": .string("i-router")]),
        Case(rule: "route.forward", name: "nat-gateway", source: "i-b1", destination: "8.8.8.8", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ROUTE_NEXT_HOP_OK", evidence: ["route": .string("rte-default"), "nextHopType": .string("NatGateway"), "nextHop": .string("ngw-1")]),
        Case(rule: "route.forward", name: "internet-direct", source: "i-a1", destination: "8.8.8.8", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ROUTE_INTERNET_DIRECT", evidence: ["publicIp": .string("47.1.1.1")]),
        Case(rule: "route.forward", name: "no-route", source: "i-g3", destination: "i-a1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "ROUTE_NO_ROUTE", evidence: ["routeTable": .string("rtb-g-sys"), "route": .string("none")]),
        Case(rule: "route.forward", name: "no-route-custom-table", source: "i-c1", destination: "i-b1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "ROUTE_NO_ROUTE", evidence: ["routeTable": .string("rtb-c"), "route": .string("none")]),
        Case(rule: "route.forward", name: "next-hop-stopped", source: "i-b1", destination: "192.168.20.5", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "ROUTE_NEXT_HOP_DOWN", evidence: ["route": .string("rte-down"), "nextHop": .string("i-down")]),
        Case(rule: "route.forward", name: "next-hop-missing", source: "i-b1", destination: "192.168.30.5", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "ROUTE_NEXT_HOP_MISSING", evidence: ["route": .string("rte-gone"), "nextHop": .string("i-gone")]),
        Case(rule: "route.forward", name: "leaves-vpc", source: "i-b1", destination: "172.20.1.1", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .warn, reason: "ROUTE_LEAVES_VPC", evidence: ["route": .string("rte-vpn"), "nextHopType": .string("VpnGateway")]),
        Case(rule: "route.forward", name: "havip-unchecked", source: "i-b1", destination: "192.168.40.5", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .warn, reason: "ROUTE_NEXT_HOP_UNCHECKED", evidence: ["route": .string("rte-havip"), "nextHopType": .string("HaVip")]),
        Case(rule: "route.forward", name: "table-unknown", source: "i-x1", destination: "i-x2", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .skip, reason: "ROUTE_TABLE_UNKNOWN", evidence: [:]),
        Case(rule: "route.return", name: "local", source: "i-a1", destination: "i-b1", protocol: "tcp", port: 8080, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ROUTE_RETURN_LOCAL", evidence: ["routeTable": .string("rtb-sys"), "route": .string("rte-local-a")]),
        Case(rule: "route.return", name: "service", source: "100.100.2.130", destination: "i-a2", protocol: "udp", port: 53, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ROUTE_RETURN_SERVICE", evidence: ["route": .string("rte-service")]),
        Case(rule: "route.return", name: "next-hop-instance", source: "i-b1", destination: "i-e1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ROUTE_RETURN_NEXT_HOP_OK", evidence: ["routeTable": .string("rtb-e"), "route": .string("rte-e-b"), "nextHop": .string("i-router")]),
        Case(rule: "route.return", name: "internet-direct", source: "203.0.113.7", destination: "47.1.1.1", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ROUTE_RETURN_INTERNET_DIRECT", evidence: ["publicIp": .string("47.1.1.1")]),
        Case(rule: "route.return", name: "via-nat", source: "203.0.113.7", destination: "47.1.1.100", protocol: "tcp", port: 8022, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "ROUTE_RETURN_VIA_NAT", evidence: ["natGateway": .string("ngw-1"), "dnatEntry": .string("dnat-ssh")]),
        Case(rule: "route.return", name: "no-route", source: "i-b1", destination: "i-c1", protocol: "tcp", port: 3306, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "ROUTE_RETURN_NO_ROUTE", evidence: ["routeTable": .string("rtb-c"), "route": .string("none")]),
        Case(rule: "route.return", name: "next-hop-stopped", source: "i-a1", destination: "i-e1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "ROUTE_RETURN_NEXT_HOP_DOWN", evidence: ["route": .string("rte-e-low"), "nextHop": .string("i-down")]),
        Case(rule: "route.return", name: "next-hop-missing", source: "i-a2", destination: "i-e1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "ROUTE_RETURN_NEXT_HOP_MISSING", evidence: ["route": .string("rte-e-high"), "nextHop": .string("i-gone")]),
        Case(rule: "route.return", name: "leaves-vpc", source: "i-d1", destination: "i-e1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .warn, reason: "ROUTE_RETURN_LEAVES_VPC", evidence: ["route": .string("rte-e-d"), "nextHopType": .string("CenBasic")]),
        Case(rule: "route.return", name: "havip-unchecked", source: "i-c1", destination: "i-e1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .warn, reason: "ROUTE_RETURN_NEXT_HOP_UNCHECKED", evidence: ["route": .string("rte-e-c")]),
        Case(rule: "route.return", name: "table-unknown", source: "i-x1", destination: "i-x2", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .skip, reason: "ROUTE_RETURN_TABLE_UNKNOWN", evidence: [:]),
        Case(rule: "route.return", name: "no-source-address", source: "i-c1", destination: "47.1.1.1", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .skip, reason: "ROUTE_RETURN_NO_SOURCE_ADDRESS", evidence: [:]),
        Case(rule: "public-access.outbound", name: "own-eip", source: "i-a1", destination: "8.8.8.8", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "PUBLIC_OUT_OWN_ADDRESS", evidence: ["publicIp": .string("47.1.1.1")]),
        Case(rule: "public-access.outbound", name: "snat-vswitch", source: "i-b1", destination: "8.8.8.8", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "PUBLIC_OUT_SNAT", evidence: ["natGateway": .string("ngw-1"), "snatEntry": .string("snat-b"), "snatIp": .string("47.1.1.100")]),
        Case(rule: "public-access.outbound", name: "snat-longest-mask", source: "i-b2", destination: "8.8.8.8", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "PUBLIC_OUT_SNAT", evidence: ["snatEntry": .string("snat-host"), "snatIp": .string("47.1.1.101")]),
        Case(rule: "public-access.outbound", name: "dnat-ip-mapping", source: "i-d1", destination: "8.8.8.8", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "PUBLIC_OUT_NAT_IP_MAPPING", evidence: ["dnatEntry": .string("dnat-map")]),
        Case(rule: "public-access.outbound", name: "no-snat-entry", source: "i-a2", destination: "8.8.8.8", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "PUBLIC_OUT_NO_SNAT_ENTRY", evidence: ["natGateway": .string("ngw-1"), "snatEntry": .string("none"), "route": .string("rte-default")]),
        Case(rule: "public-access.outbound", name: "no-path", source: "i-c1", destination: "8.8.8.8", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "PUBLIC_OUT_NO_PATH", evidence: ["routeTable": .string("rtb-c"), "route": .string("none")]),
        Case(rule: "public-access.outbound", name: "unverified-nat-instance", source: "i-e1", destination: "8.8.8.8", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .warn, reason: "PUBLIC_OUT_UNVERIFIED", evidence: ["route": .string("rte-e-default"), "nextHop": .string("i-router")]),
        Case(rule: "public-access.outbound", name: "ipv4-gateway-routed", source: "i-g1", destination: "8.8.8.8", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "PUBLIC_OUT_OWN_ADDRESS", evidence: ["publicIp": .string("47.2.2.1"), "ipv4Gateway": .string("igw-1"), "route": .string("rte-g1-igw")]),
        Case(rule: "public-access.outbound", name: "ipv4-gateway-no-public-address", source: "i-g2", destination: "8.8.8.8", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "PUBLIC_OUT_NO_PUBLIC_ADDRESS", evidence: ["route": .string("rte-g1-igw"), "nextHopType": .string("Ipv4Gateway")]),
        Case(rule: "public-access.outbound", name: "ipv4-gateway-not-routed", source: "i-g3", destination: "8.8.8.8", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "PUBLIC_OUT_IPV4_GATEWAY_NOT_ROUTED", evidence: ["publicIp": .string("47.2.2.3"), "ipv4Gateway": .string("igw-1"), "route": .string("none")]),
        Case(rule: "public-access.inbound", name: "eip", source: "203.0.113.7", destination: "47.1.1.1", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "PUBLIC_IN_ADDRESS", evidence: ["publicIp": .string("47.1.1.1"), "eni": .string("eni-a1")]),
        Case(rule: "public-access.inbound", name: "instance-with-eip", source: "203.0.113.7", destination: "i-a1", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "PUBLIC_IN_ADDRESS", evidence: ["publicIp": .string("47.1.1.1")]),
        Case(rule: "public-access.inbound", name: "dnat", source: "203.0.113.7", destination: "47.1.1.100", protocol: "tcp", port: 8022, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "PUBLIC_IN_DNAT", evidence: ["natGateway": .string("ngw-1"), "dnatEntry": .string("dnat-ssh"), "internalIp": .string("10.0.2.10"), "listenPort": .int(22)]),
        Case(rule: "public-access.inbound", name: "dnat-to-instance", source: "203.0.113.7", destination: "i-b1", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "PUBLIC_IN_DNAT", evidence: ["dnatEntry": .string("dnat-ssh")]),
        Case(rule: "public-access.inbound", name: "no-dnat-entry", source: "203.0.113.7", destination: "47.1.1.100", protocol: "tcp", port: 9999, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "PUBLIC_IN_NO_DNAT_ENTRY", evidence: ["natGateway": .string("ngw-1"), "publicIp": .string("47.1.1.100"), "dnatEntry": .string("none")]),
        Case(rule: "public-access.inbound", name: "no-public-address", source: "203.0.113.7", destination: "i-b2", protocol: "tcp", port: 22, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "PUBLIC_IN_NO_PUBLIC_ADDRESS", evidence: ["eni": .string("eni-b2"), "privateIp": .string("10.0.2.11")]),
        Case(rule: "public-access.tcp-25", name: "other-port", source: "i-a1", destination: "8.8.8.8", protocol: "tcp", port: 443, sourcePorts: "1024/65535", vpcId: "", status: .pass, reason: "PUBLIC_PORT_NOT_BLOCKED", evidence: ["port": .int(443)]),
        Case(rule: "public-access.tcp-25", name: "smtp-blocked", source: "i-a1", destination: "8.8.8.8", protocol: "tcp", port: 25, sourcePorts: "1024/65535", vpcId: "", status: .fail, reason: "PUBLIC_TCP_25_BLOCKED", evidence: ["port": .int(25), "destination": .string("8.8.8.8")]),
    ]

    static let inventoryJSON = #"""
{
 "regionId": "cn-test",
 "vpcs": [
  {
   "id": "vpc-main",
   "cidr": "10.0.0.0/16"
  },
  {
   "id": "vpc-igw",
   "cidr": "10.8.0.0/16"
  },
  {
   "id": "vpc-bare",
   "cidr": "10.9.0.0/16"
  }
 ],
 "vswitches": [
  {
   "id": "vsw-a",
   "vpcId": "vpc-main",
   "cidr": "10.0.1.0/24",
   "networkAclId": "nacl-a"
  },
  {
   "id": "vsw-b",
   "vpcId": "vpc-main",
   "cidr": "10.0.2.0/24",
   "networkAclId": "nacl-b"
  },
  {
   "id": "vsw-c",
   "vpcId": "vpc-main",
   "cidr": "10.0.3.0/24",
   "routeTableId": "rtb-c"
  },
  {
   "id": "vsw-d",
   "vpcId": "vpc-main",
   "cidr": "10.0.4.0/24",
   "networkAclId": "nacl-empty"
  },
  {
   "id": "vsw-e",
   "vpcId": "vpc-main",
   "cidr": "10.0.5.0/24",
   "routeTableId": "rtb-e"
  },
  {
   "id": "vsw-g1",
   "vpcId": "vpc-igw",
   "cidr": "10.8.1.0/24",
   "routeTableId": "rtb-g1"
  },
  {
   "id": "vsw-g2",
   "vpcId": "vpc-igw",
   "cidr": "10.8.2.0/24"
  },
  {
   "id": "vsw-x",
   "vpcId": "vpc-bare",
   "cidr": "10.9.1.0/24"
  }
 ],
 "instances": [
  {
   "id": "i-a1",
   "status": "Running",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-a",
   "primaryEniId": "eni-a1",
   "privateIps": [
    "10.0.1.10"
   ],
   "securityGroupIds": [
    "sg-web"
   ],
   "eip": "47.1.1.1"
  },
  {
   "id": "i-a2",
   "status": "Running",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-a",
   "primaryEniId": "eni-a2",
   "privateIps": [
    "10.0.1.200"
   ],
   "securityGroupIds": [
    "sg-web",
    "sg-web2"
   ]
  },
  {
   "id": "i-b1",
   "status": "Running",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-b",
   "primaryEniId": "eni-b1",
   "privateIps": [
    "10.0.2.10"
   ],
   "securityGroupIds": [
    "sg-app"
   ]
  },
  {
   "id": "i-b2",
   "status": "Running",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-b",
   "primaryEniId": "eni-b2",
   "privateIps": [
    "10.0.2.11"
   ],
   "securityGroupIds": [
    "sg-app"
   ]
  },
  {
   "id": "i-b3",
   "status": "Stopped",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-b",
   "primaryEniId": "eni-b3",
   "privateIps": [
    "10.0.2.12"
   ],
   "securityGroupIds": [
    "sg-app"
   ]
  },
  {
   "id": "i-c1",
   "status": "Running",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-c",
   "primaryEniId": "eni-c1",
   "privateIps": [
    "10.0.3.10"
   ],
   "securityGroupIds": [
    "sg-ent"
   ]
  },
  {
   "id": "i-router",
   "status": "Running",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-c",
   "primaryEniId": "eni-router",
   "privateIps": [
    "10.0.3.50"
   ],
   "securityGroupIds": [
    "sg-open"
   ]
  },
  {
   "id": "i-down",
   "status": "Stopped",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-c",
   "primaryEniId": "eni-down",
   "privateIps": [
    "10.0.3.51"
   ],
   "securityGroupIds": [
    "sg-open"
   ]
  },
  {
   "id": "i-d1",
   "status": "Running",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-d",
   "primaryEniId": "eni-d1",
   "privateIps": [
    "10.0.4.10"
   ],
   "securityGroupIds": [
    "sg-inner"
   ]
  },
  {
   "id": "i-e1",
   "status": "Running",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-e",
   "primaryEniId": "eni-e1",
   "privateIps": [
    "10.0.5.10"
   ],
   "securityGroupIds": [
    "sg-inner"
   ]
  },
  {
   "id": "i-g1",
   "status": "Running",
   "vpcId": "vpc-igw",
   "vswitchId": "vsw-g1",
   "primaryEniId": "eni-g1",
   "privateIps": [
    "10.8.1.10"
   ],
   "securityGroupIds": [
    "sg-g"
   ],
   "eip": "47.2.2.1"
  },
  {
   "id": "i-g2",
   "status": "Running",
   "vpcId": "vpc-igw",
   "vswitchId": "vsw-g1",
   "primaryEniId": "eni-g2",
   "privateIps": [
    "10.8.1.11"
   ],
   "securityGroupIds": [
    "sg-g"
   ]
  },
  {
   "id": "i-g3",
   "status": "Running",
   "vpcId": "vpc-igw",
   "vswitchId": "vsw-g2",
   "primaryEniId": "eni-g3",
   "privateIps": [
    "10.8.2.10"
   ],
   "securityGroupIds": [
    "sg-g"
   ],
   "publicIps": [
    "47.2.2.3"
   ]
  },
  {
   "id": "i-x1",
   "status": "Running",
   "vpcId": "vpc-bare",
   "vswitchId": "vsw-x",
   "primaryEniId": "eni-x1",
   "privateIps": [
    "10.9.1.10"
   ],
   "securityGroupIds": [
    "sg-x"
   ]
  },
  {
   "id": "i-x2",
   "status": "Running",
   "vpcId": "vpc-bare",
   "vswitchId": "vsw-x",
   "primaryEniId": "eni-x2",
   "privateIps": [
    "10.9.1.11"
   ],
   "securityGroupIds": [
    "sg-x"
   ]
  }
 ],
 "networkInterfaces": [
  {
   "id": "eni-a1",
   "type": "Primary",
   "status": "InUse",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-a",
   "primaryIp": "10.0.1.10",
   "securityGroupIds": [
    "sg-web"
   ],
   "instanceId": "i-a1"
  },
  {
   "id": "eni-a2",
   "type": "Primary",
   "status": "InUse",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-a",
   "primaryIp": "10.0.1.200",
   "securityGroupIds": [
    "sg-web",
    "sg-web2"
   ],
   "instanceId": "i-a2"
  },
  {
   "id": "eni-b1",
   "type": "Primary",
   "status": "InUse",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-b",
   "primaryIp": "10.0.2.10",
   "securityGroupIds": [
    "sg-app"
   ],
   "instanceId": "i-b1"
  },
  {
   "id": "eni-b2",
   "type": "Primary",
   "status": "InUse",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-b",
   "primaryIp": "10.0.2.11",
   "securityGroupIds": [
    "sg-app"
   ],
   "instanceId": "i-b2"
  },
  {
   "id": "eni-b3",
   "type": "Primary",
   "status": "Stopped",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-b",
   "primaryIp": "10.0.2.12",
   "securityGroupIds": [
    "sg-app"
   ],
   "instanceId": "i-b3"
  },
  {
   "id": "eni-c1",
   "type": "Primary",
   "status": "InUse",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-c",
   "primaryIp": "10.0.3.10",
   "securityGroupIds": [
    "sg-ent"
   ],
   "instanceId": "i-c1"
  },
  {
   "id": "eni-router",
   "type": "Primary",
   "status": "InUse",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-c",
   "primaryIp": "10.0.3.50",
   "securityGroupIds": [
    "sg-open"
   ],
   "instanceId": "i-router"
  },
  {
   "id": "eni-down",
   "type": "Primary",
   "status": "Stopped",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-c",
   "primaryIp": "10.0.3.51",
   "securityGroupIds": [
    "sg-open"
   ],
   "instanceId": "i-down"
  },
  {
   "id": "eni-d1",
   "type": "Primary",
   "status": "InUse",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-d",
   "primaryIp": "10.0.4.10",
   "securityGroupIds": [
    "sg-inner"
   ],
   "instanceId": "i-d1"
  },
  {
   "id": "eni-e1",
   "type": "Primary",
   "status": "InUse",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-e",
   "primaryIp": "10.0.5.10",
   "securityGroupIds": [
    "sg-inner"
   ],
   "instanceId": "i-e1"
  },
  {
   "id": "eni-g1",
   "type": "Primary",
   "status": "InUse",
   "vpcId": "vpc-igw",
   "vswitchId": "vsw-g1",
   "primaryIp": "10.8.1.10",
   "securityGroupIds": [
    "sg-g"
   ],
   "instanceId": "i-g1"
  },
  {
   "id": "eni-g2",
   "type": "Primary",
   "status": "InUse",
   "vpcId": "vpc-igw",
   "vswitchId": "vsw-g1",
   "primaryIp": "10.8.1.11",
   "securityGroupIds": [
    "sg-g"
   ],
   "instanceId": "i-g2"
  },
  {
   "id": "eni-g3",
   "type": "Primary",
   "status": "InUse",
   "vpcId": "vpc-igw",
   "vswitchId": "vsw-g2",
   "primaryIp": "10.8.2.10",
   "securityGroupIds": [
    "sg-g"
   ],
   "instanceId": "i-g3"
  },
  {
   "id": "eni-x1",
   "type": "Primary",
   "status": "InUse",
   "vpcId": "vpc-bare",
   "vswitchId": "vsw-x",
   "primaryIp": "10.9.1.10",
   "securityGroupIds": [
    "sg-x"
   ],
   "instanceId": "i-x1"
  },
  {
   "id": "eni-x2",
   "type": "Primary",
   "status": "InUse",
   "vpcId": "vpc-bare",
   "vswitchId": "vsw-x",
   "primaryIp": "10.9.1.11",
   "securityGroupIds": [
    "sg-x"
   ],
   "instanceId": "i-x2"
  },
  {
   "id": "eni-sec-bound",
   "type": "Secondary",
   "status": "InUse",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-b",
   "primaryIp": "10.0.2.100",
   "securityGroupIds": [
    "sg-app"
   ],
   "instanceId": "i-b1"
  },
  {
   "id": "eni-sec-free",
   "type": "Secondary",
   "status": "Available",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-b",
   "primaryIp": "10.0.2.101",
   "securityGroupIds": [
    "sg-app"
   ]
  },
  {
   "id": "eni-attaching",
   "type": "Secondary",
   "status": "Attaching",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-b",
   "primaryIp": "10.0.2.102",
   "securityGroupIds": [
    "sg-app"
   ],
   "instanceId": "i-b2"
  },
  {
   "id": "eni-svc",
   "type": "Primary",
   "status": "InUse",
   "vpcId": "vpc-main",
   "vswitchId": "vsw-b",
   "primaryIp": "10.0.2.103",
   "securityGroupIds": [
    "sg-app"
   ]
  }
 ],
 "securityGroups": [
  {
   "id": "sg-web",
   "type": "normal",
   "vpcId": "vpc-main",
   "rules": [
    {
     "id": "sgr-web-80",
     "direction": "ingress",
     "policy": "accept",
     "priority": 1,
     "protocol": "tcp",
     "portRange": "80/80",
     "cidr": "0.0.0.0/0"
    },
    {
     "id": "sgr-web-22",
     "direction": "ingress",
     "policy": "accept",
     "priority": 10,
     "protocol": "tcp",
     "portRange": "22/22",
     "groupId": "sg-app"
    },
    {
     "id": "sgr-web-drop-22",
     "direction": "ingress",
     "policy": "drop",
     "priority": 10,
     "protocol": "tcp",
     "portRange": "22/22",
     "cidr": "10.0.2.11/32"
    },
    {
     "id": "sgr-web-pl",
     "direction": "ingress",
     "policy": "accept",
     "priority": 5,
     "protocol": "tcp",
     "portRange": "443/443",
     "prefixListId": "pl-office"
    },
    {
     "id": "sgr-web-drop-8443",
     "direction": "ingress",
     "policy": "drop",
     "priority": 5,
     "protocol": "tcp",
     "portRange": "8443/8443",
     "cidr": "10.0.2.0/24"
    },
    {
     "id": "sgr-web-sport",
     "direction": "ingress",
     "policy": "accept",
     "priority": 1,
     "protocol": "udp",
     "portRange": "53/53",
     "cidr": "10.0.0.0/16",
     "sourcePortRange": "1024/2047"
    },
    {
     "id": "sgr-web-e-3306",
     "direction": "egress",
     "policy": "drop",
     "priority": 1,
     "protocol": "tcp",
     "portRange": "3306/3306",
     "cidr": "10.0.3.0/24"
    }
   ]
  },
  {
   "id": "sg-web2",
   "type": "normal",
   "vpcId": "vpc-main",
   "rules": [
    {
     "id": "sgr-web2-8443",
     "direction": "ingress",
     "policy": "accept",
     "priority": 20,
     "protocol": "tcp",
     "portRange": "8443/8443",
     "cidr": "10.0.0.0/16"
    }
   ]
  },
  {
   "id": "sg-app",
   "type": "normal",
   "vpcId": "vpc-main",
   "innerAccessPolicy": "Drop",
   "rules": [
    {
     "id": "sgr-app-8080",
     "direction": "ingress",
     "policy": "accept",
     "priority": 1,
     "protocol": "tcp",
     "portRange": "8080/8080",
     "groupId": "sg-web"
    },
    {
     "id": "sgr-app-22",
     "direction": "ingress",
     "policy": "accept",
     "priority": 1,
     "protocol": "tcp",
     "portRange": "22/22",
     "cidr": "0.0.0.0/0"
    }
   ]
  },
  {
   "id": "sg-ent",
   "type": "enterprise",
   "vpcId": "vpc-main",
   "rules": [
    {
     "id": "sgr-ent-3306",
     "direction": "ingress",
     "policy": "accept",
     "priority": 1,
     "protocol": "tcp",
     "portRange": "3306/3306",
     "groupId": "sg-web"
    }
   ]
  },
  {
   "id": "sg-inner",
   "type": "normal",
   "vpcId": "vpc-main",
   "rules": [
    {
     "id": "sgr-inner-22",
     "direction": "ingress",
     "policy": "accept",
     "priority": 1,
     "protocol": "tcp",
     "portRange": "22/22",
     "cidr": "10.0.0.0/8"
    }
   ]
  },
  {
   "id": "sg-open",
   "type": "normal",
   "vpcId": "vpc-main",
   "rules": [
    {
     "id": "sgr-open-all",
     "direction": "ingress",
     "policy": "accept",
     "priority": 1,
     "protocol": "all",
     "portRange": "-1/-1",
     "cidr": "0.0.0.0/0"
    }
   ]
  },
  {
   "id": "sg-g",
   "type": "normal",
   "vpcId": "vpc-igw",
   "rules": [
    {
     "id": "sgr-g-all",
     "direction": "ingress",
     "policy": "accept",
     "priority": 1,
     "protocol": "all",
     "portRange": "-1/-1",
     "cidr": "0.0.0.0/0"
    }
   ]
  },
  {
   "id": "sg-x",
   "type": "normal",
   "vpcId": "vpc-bare",
   "rules": [
    {
     "id": "sgr-x-all",
     "direction": "ingress",
     "policy": "accept",
     "priority": 1,
     "protocol": "all",
     "portRange": "-1/-1",
     "cidr": "10.9.0.0/16"
    }
   ]
  }
 ],
 "prefixLists": [
  {
   "id": "pl-office",
   "cidrs": [
    "203.0.113.0/24"
   ]
  }
 ],
 "routeTables": [
  {
   "id": "rtb-sys",
   "type": "System",
   "vpcId": "vpc-main",
   "entries": [
    {
     "id": "rte-local-a",
     "destination": "10.0.1.0/24",
     "type": "System",
     "nextHops": [
      {
       "type": "local"
      }
     ]
    },
    {
     "id": "rte-local-b",
     "destination": "10.0.2.0/24",
     "type": "System",
     "nextHops": [
      {
       "type": "local"
      }
     ]
    },
    {
     "id": "rte-local-c",
     "destination": "10.0.3.0/24",
     "type": "System",
     "nextHops": [
      {
       "type": "local"
      }
     ]
    },
    {
     "id": "rte-local-d",
     "destination": "10.0.4.0/24",
     "type": "System",
     "nextHops": [
      {
       "type": "local"
      }
     ]
    },
    {
     "id": "rte-local-e",
     "destination": "10.0.5.0/24",
     "type": "System",
     "nextHops": [
      {
       "type": "local"
      }
     ]
    },
    {
     "id": "rte-service",
     "destination": "100.64.0.0/10",
     "type": "System",
     "nextHops": [
      {
       "type": "service"
      }
     ]
    },
    {
     "id": "rte-default",
     "destination": "0.0.0.0/0",
     "type": "Custom",
     "nextHops": [
      {
       "type": "NatGateway",
       "id": "ngw-1"
      }
     ]
    },
    {
     "id": "rte-router",
     "destination": "192.168.10.0/24",
     "type": "Custom",
     "nextHops": [
      {
       "type": "Instance",
       "id": "i-router"
      }
     ]
    },
    {
     "id": "rte-down",
     "destination": "192.168.20.0/24",
     "type": "Custom",
     "nextHops": [
      {
       "type": "Instance",
       "id": "i-down"
      }
     ]
    },
    {
     "id": "rte-gone",
     "destination": "192.168.30.0/24",
     "type": "Custom",
     "nextHops": [
      {
       "type": "Instance",
       "id": "i-gone"
      }
     ]
    },
    {
     "id": "rte-vpn",
     "destination": "172.20.0.0/16",
     "type": "Custom",
     "nextHops": [
      {
       "type": "VpnGateway",
       "id": "vpn-1"
      }
     ]
    },
    {
     "id": "rte-havip",
     "destination": "192.168.40.0/24",
     "type": "Custom",
     "nextHops": [
      {
       "type": "HaVip",
       "id": "havip-1"
      }
     ]
    }
   ]
  },
  {
   "id": "rtb-c",
   "type": "Custom",
   "vpcId": "vpc-main",
   "vswitchIds": [
    "vsw-c"
   ],
   "entries": [
    {
     "id": "rte-local-c",
     "destination": "10.0.3.0/24",
     "type": "System",
     "nextHops": [
      {
       "type": "local"
      }
     ]
    },
    {
     "id": "rte-local-a",
     "destination": "10.0.1.0/24",
     "type": "System",
     "nextHops": [
      {
       "type": "local"
      }
     ]
    }
   ]
  },
  {
   "id": "rtb-e",
   "type": "Custom",
   "vpcId": "vpc-main",
   "vswitchIds": [
    "vsw-e"
   ],
   "entries": [
    {
     "id": "rte-local-e",
     "destination": "10.0.5.0/24",
     "type": "System",
     "nextHops": [
      {
       "type": "local"
      }
     ]
    },
    {
     "id": "rte-e-low",
     "destination": "10.0.1.0/25",
     "type": "Custom",
     "nextHops": [
      {
       "type": "Instance",
       "id": "i-down"
      }
     ]
    },
    {
     "id": "rte-e-high",
     "destination": "10.0.1.128/25",
     "type": "Custom",
     "nextHops": [
      {
       "type": "Instance",
       "id": "i-gone"
      }
     ]
    },
    {
     "id": "rte-e-b",
     "destination": "10.0.2.0/24",
     "type": "Custom",
     "nextHops": [
      {
       "type": "Instance",
       "id": "i-router"
      }
     ]
    },
    {
     "id": "rte-e-c",
     "destination": "10.0.3.0/24",
     "type": "Custom",
     "nextHops": [
      {
       "type": "HaVip",
       "id": "havip-1"
      }
     ]
    },
    {
     "id": "rte-e-d",
     "destination": "10.0.4.0/24",
     "type": "Custom",
     "nextHops": [
      {
       "type": "CenBasic",
       "id": "cen-1"
      }
     ]
    },
    {
     "id": "rte-e-default",
     "destination": "0.0.0.0/0",
     "type": "Custom",
     "nextHops": [
      {
       "type": "Instance",
       "id": "i-router"
      }
     ]
    }
   ]
  },
  {
   "id": "rtb-g1",
   "type": "Custom",
   "vpcId": "vpc-igw",
   "vswitchIds": [
    "vsw-g1"
   ],
   "entries": [
    {
     "id": "rte-g1-local",
     "destination": "10.8.1.0/24",
     "type": "System",
     "nextHops": [
      {
       "type": "local"
      }
     ]
    },
    {
     "id": "rte-g1-igw",
     "destination": "0.0.0.0/0",
     "type": "Custom",
     "nextHops": [
      {
       "type": "Ipv4Gateway",
       "id": "igw-1"
      }
     ]
    }
   ]
  },
  {
   "id": "rtb-g-sys",
   "type": "System",
   "vpcId": "vpc-igw",
   "entries": [
    {
     "id": "rte-g-local1",
     "destination": "10.8.1.0/24",
     "type": "System",
     "nextHops": [
      {
       "type": "local"
      }
     ]
    },
    {
     "id": "rte-g-local2",
     "destination": "10.8.2.0/24",
     "type": "System",
     "nextHops": [
      {
       "type": "local"
      }
     ]
    }
   ]
  }
 ],
 "networkAcls": [
  {
   "id": "nacl-a",
   "vpcId": "vpc-main",
   "vswitchIds": [
    "vsw-a"
   ],
   "ingress": [
    {
     "id": "ia-drop80",
     "policy": "drop",
     "protocol": "tcp",
     "portRange": "80/80",
     "cidr": "10.0.2.0/24"
    },
    {
     "id": "ia-80",
     "policy": "accept",
     "protocol": "tcp",
     "portRange": "80/80",
     "cidr": "0.0.0.0/0"
    },
    {
     "id": "ia-443",
     "policy": "accept",
     "protocol": "tcp",
     "portRange": "443/443",
     "cidr": "0.0.0.0/0"
    },
    {
     "id": "ia-22",
     "policy": "accept",
     "protocol": "tcp",
     "portRange": "22/22",
     "cidr": "10.0.0.0/16"
    },
    {
     "id": "ia-eph-high",
     "policy": "accept",
     "protocol": "tcp",
     "portRange": "32768/65535",
     "cidr": "10.0.2.0/24"
    },
    {
     "id": "ia-drop-low",
     "policy": "drop",
     "protocol": "tcp",
     "portRange": "1024/32767",
     "cidr": "10.0.2.0/24"
    },
    {
     "id": "ia-pub-eph",
     "policy": "accept",
     "protocol": "tcp",
     "portRange": "1024/65535",
     "cidr": "0.0.0.0/0"
    }
   ],
   "egress": [
    {
     "id": "ea-drop-d",
     "policy": "drop",
     "protocol": "all",
     "portRange": "-1/-1",
     "cidr": "10.0.4.0/24"
    },
    {
     "id": "ea-drop-3306",
     "policy": "drop",
     "protocol": "tcp",
     "portRange": "3306/3306",
     "cidr": "10.0.3.0/24"
    },
    {
     "id": "ea-all",
     "policy": "accept",
     "protocol": "all",
     "portRange": "-1/-1",
     "cidr": "10.0.0.0/16"
    },
    {
     "id": "ea-pub",
     "policy": "accept",
     "protocol": "tcp",
     "portRange": "1/65535",
     "cidr": "0.0.0.0/0"
    }
   ]
  },
  {
   "id": "nacl-b",
   "vpcId": "vpc-main",
   "vswitchIds": [
    "vsw-b"
   ],
   "ingress": [
    {
     "id": "ib-8080",
     "policy": "accept",
     "protocol": "tcp",
     "portRange": "8080/8080",
     "cidr": "10.0.0.0/16"
    },
    {
     "id": "ib-22",
     "policy": "accept",
     "protocol": "tcp",
     "portRange": "22/22",
     "cidr": "0.0.0.0/0"
    },
    {
     "id": "ib-drop-all",
     "policy": "drop",
     "protocol": "all",
     "portRange": "-1/-1",
     "cidr": "0.0.0.0/0"
    }
   ],
   "egress": [
    {
     "id": "eb-high",
     "policy": "accept",
     "protocol": "tcp",
     "portRange": "32768/65535",
     "cidr": "10.0.1.0/24"
    },
    {
     "id": "eb-drop-low",
     "policy": "drop",
     "protocol": "tcp",
     "portRange": "1024/32767",
     "cidr": "10.0.1.0/24"
    },
    {
     "id": "eb-all",
     "policy": "accept",
     "protocol": "all",
     "portRange": "-1/-1",
     "cidr": "10.0.0.0/16"
    },
    {
     "id": "eb-pub",
     "policy": "accept",
     "protocol": "tcp",
     "portRange": "1/65535",
     "cidr": "0.0.0.0/0"
    }
   ]
  },
  {
   "id": "nacl-empty",
   "vpcId": "vpc-main",
   "vswitchIds": [
    "vsw-d"
   ]
  }
 ],
 "eips": [
  {
   "id": "eip-a1",
   "ip": "47.1.1.1",
   "instanceId": "i-a1",
   "instanceType": "EcsInstance",
   "status": "InUse"
  },
  {
   "id": "eip-ngw1",
   "ip": "47.1.1.100",
   "instanceId": "ngw-1",
   "instanceType": "Nat",
   "status": "InUse"
  },
  {
   "id": "eip-ngw2",
   "ip": "47.1.1.101",
   "instanceId": "ngw-1",
   "instanceType": "Nat",
   "status": "InUse"
  },
  {
   "id": "eip-ngw3",
   "ip": "47.1.1.102",
   "instanceId": "ngw-1",
   "instanceType": "Nat",
   "status": "InUse"
  },
  {
   "id": "eip-g1",
   "ip": "47.2.2.1",
   "instanceId": "i-g1",
   "instanceType": "EcsInstance",
   "status": "InUse"
  }
 ],
 "natGateways": [
  {
   "id": "ngw-1",
   "vpcId": "vpc-main",
   "ips": [
    "47.1.1.100",
    "47.1.1.101",
    "47.1.1.102"
   ],
   "snatEntries": [
    {
     "id": "snat-b",
     "sourceVSwitchId": "vsw-b",
     "snatIp": "47.1.1.100"
    },
    {
     "id": "snat-host",
     "sourceCidr": "10.0.2.11/32",
     "snatIp": "47.1.1.101"
    }
   ],
   "dnatEntries": [
    {
     "id": "dnat-ssh",
     "externalIp": "47.1.1.100",
     "externalPort": "8022",
     "internalIp": "10.0.2.10",
     "internalPort": "22",
     "protocol": "tcp"
    },
    {
     "id": "dnat-map",
     "externalIp": "47.1.1.102",
     "externalPort": "any",
     "internalIp": "10.0.4.10",
     "internalPort": "any",
     "protocol": "any"
    }
   ]
  }
 ],
 "ipv4Gateways": [
  {
   "id": "igw-1",
   "vpcId": "vpc-igw",
   "enabled": true
  }
 ]
}
"""#
}
