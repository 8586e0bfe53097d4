import Foundation
import Testing
import NetDiagEngine
@testable import NetDiagServer

struct PathHopsTests {
    /// A report with the given items (rule, category, side, status, severity, evidence instance).
    static func report(_ items: [(String, String, String, String, String, String?)]) throws -> DiagnosisReport {
        let list = items.map { rule, category, side, status, severity, instance in
            """
            {"rule":"\(rule)","title":"t","category":"\(category)","severity":"\(severity)","side":"\(side)",
             "status":"\(status)","reason":"R","message":"m","evidence":\(instance.map { "{\"instance\":\"\($0)\"}" } ?? "{}")}
            """
        }
        let json = """
            {"result":"Unconnectable","path":{"name":"p","regionId":"r","vpcId":"v","source":"i-a","destination":"i-b",
             "protocol":"tcp","port":80,"sourcePorts":"1024/65535"},"items":[\(list.joined(separator: ","))],
             "blockers":[],"warnings":[],"logs":[],"notice":"n"}
            """
        return try JSONDecoder().decode(DiagnosisReport.self, from: Data(json.utf8))
    }

    @Test("items land on their hops; a critical failure blocks the hop, a non-critical one only warns")
    func grouping() throws {
        let report = try Self.report([
            ("security-group.ingress", "security-group", "destination", "fail", "critical", nil),
            ("network-acl.return-egress", "network-acl", "return", "fail", "non-critical", nil),
            ("network-acl.ingress", "network-acl", "destination", "pass", "critical", nil),
            ("guest-os.load", "guest-os", "network", "skip", "non-critical", "i-a"),
            ("guest-os.nic", "guest-os", "network", "pass", "non-critical", "i-b"),
            ("route.forward", "route", "network", "error", "critical", nil),
            ("custom.thing", "custom", "source", "pass", "critical", nil),
        ])
        let hops = Dictionary(uniqueKeysWithValues: PathHops.hops(for: report).map { ($0.id, $0) })
        #expect(PathHops.hops(for: report).map(\.id) == PathHops.layout.map(\.id))
        #expect(hops["destination-security-group"]?.status == "fail")
        #expect(hops["destination-acl"]?.status == "warn" && hops["destination-acl"]?.items == [1, 2])
        #expect(hops["source"]?.items == [3, 6] && hops["source"]?.status == "skip")
        #expect(hops["destination"]?.items == [4] && hops["destination"]?.status == "pass")
        #expect(hops["route"]?.status == "error")
        #expect(hops["gateway"]?.status == "none" && hops["gateway"]?.items.isEmpty == true)
        // The return-path rule's warning is the replies'; the request passes that ACL.
        #expect(hops["destination-acl"]?.forwardStatus == "pass" && hops["destination-acl"]?.returnStatus == "warn")
        #expect(hops["destination-security-group"]?.forwardStatus == "fail" && hops["destination-security-group"]?.returnStatus == "none")
    }

    @Test("the diagram marks a hop blocked on the return path as such, with its forward status beside it")
    func returnPathInDiagram() throws {
        let report = try Self.report([
            ("route.forward", "route", "network", "pass", "critical", nil),
            ("route.return", "route", "return", "fail", "critical", nil),
        ])
        let hop = try #require(PathHops.hops(for: report).first { $0.id == "route" })
        #expect(hop.status == "fail" && hop.forwardStatus == "pass" && hop.returnStatus == "fail")
        let svg = PathDiagram.svg(hops: PathHops.hops(for: report), title: "p")
        #expect(svg.contains(#"<g class="hop blocked" data-hop="route" data-status="fail" data-forward="pass" data-return="fail">"#))
        #expect(svg.contains(#"class="forward""#) && svg.contains("→ ✓ pass") && svg.contains("← ✕ blocked"))
    }
}
