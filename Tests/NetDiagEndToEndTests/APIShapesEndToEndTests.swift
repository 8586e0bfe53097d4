import Foundation
import Testing

/// End-to-end on `rules/tests/inventories/api-shapes` (real response shapes, issue 12): what a user
/// sees for system-created priorities and for a rule naming a port list that was not collected.
@Suite("APIShapes: real response shapes through the CLI")
struct APIShapesEndToEndTests {
    let region = Binary.root.appendingPathComponent("rules/tests/inventories/api-shapes").path
    let rules = Binary.root.appendingPathComponent("rules").path

    private func diagnose(_ source: String, _ destination: String, port: String) throws -> Binary.Output {
        try NetDiagBinary.run(["diagnose", "--inventory", region, "--rules", rules, "--source", source,
                               "--destination", destination, "--protocol", "tcp", "--port", port])
    }

    @Test func prioritiesAbove100AreWarningsNotErrors() throws {
        let check = try NetDiagBinary.run(["inventory", "check", region])
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout.contains("warning: DescribeSecurityGroupAttribute/sg-back.json: $.Permissions.Permission[2].Priority: "
                                      + "rule sgr-sys-9000 has priority 110, outside the documented 1 to 100"), "\(check)")
        #expect(check.stdout.contains("0 errors"), "\(check)")
    }

    @Test func anAcceptToOutrankADropAbove100UsesPriority100() throws {
        let out = try diagnose("i-f1", "i-b1", port: "9002")
        #expect(out.status == 1, "\(out)")
        #expect(out.stdout.contains("Add to sg-back: ingress, accept, priority 100, tcp 9002/9002, source 10.1.1.10/32"), "\(out.stdout)")
    }

    @Test func aMissingPortListIsReportedAsUndecidable() throws {
        let out = try diagnose("i-f1", "i-b2", port: "80")
        #expect(out.stdout.contains("WARN  security-group.ingress"), "\(out.stdout)")
        #expect(out.stdout.contains("names port list prl-missing, which the inventory does not hold"), "\(out.stdout)")
        #expect(out.stdout.contains("May not connect: security-group.ingress"), "\(out.stdout)")
        #expect(!out.stdout.contains("SG_INGRESS_ALLOWED"), "\(out.stdout)")
    }
}
