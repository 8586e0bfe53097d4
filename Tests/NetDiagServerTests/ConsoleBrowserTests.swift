import Foundation
import Testing

/// The console in headless Chromium, as an operator uses it: create a path in the form, watch
/// its task go from Running to its result without a reload, open the task's page, and find the
/// blocked hop marked. The screenshot is kept in `NETDIAG_TEST_ARTIFACTS` (default
/// `.build/test-artifacts/`). Without Chromium the case is skipped with a printed reason, unless
/// `NETDIAG_REQUIRE_CHROMIUM=1` (set by `make test`), where it fails.
struct ConsoleBrowserTests {
    static var artifacts: URL {
        ProcessInfo.processInfo.environment["NETDIAG_TEST_ARTIFACTS"].map { URL(fileURLWithPath: $0) }
            ?? ServerProcess.root.appendingPathComponent(".build/test-artifacts")
    }

    @Test("create a path in the console, watch its task finish, and see the blocked hop on the details page")
    func createWatchAndInspect() async throws {
        guard let executable = Chromium.executable else {
            if ProcessInfo.processInfo.environment["NETDIAG_REQUIRE_CHROMIUM"] == "1" {
                Issue.record("NETDIAG_REQUIRE_CHROMIUM=1 but no Chromium at \(Chromium.candidates.joined(separator: " or ")) (make deps installs it)")
            } else {
                print("skipped: the console test needs Debian's chromium (make deps installs it)")
            }
            return
        }
        let server = try ServerProcess()
        defer { server.stop() }
        server.hold()
        let browser = try Chromium(executable: executable, profile: server.dir.appendingPathComponent("chromium"))
        defer { browser.close() }

        try browser.navigate(server.base + "/")
        try browser.wait(for: "document.querySelector('#paths') !== null", "the path list")
        #expect(try browser.evaluate("document.querySelector('#paths tbody').innerText") as? String == "No paths yet: create one.")
        // A refused value: the API's message (the CLI's) is shown and the form stays open.
        _ = try browser.evaluate("""
            window.sameDocument = true;
            document.querySelector('#create').click();
            const form = document.querySelector('#path-form');
            form.name.value = 'web2-to-app1'; form.source.value = 'i-web2'; form.destination.value = 'i-app1';
            form.protocol.value = 'tcp'; form.protocol.dispatchEvent(new Event('change')); form.port.value = '70000';
            form.requestSubmit(); true
            """)
        try browser.wait(for: "!document.querySelector('#message').hidden", "the refusal message")
        #expect(try browser.evaluate("document.querySelector('#message').innerText") as? String == "--port 70000: out of range for tcp; use 1–65535")
        _ = try browser.evaluate("""
            document.querySelector('#path-form').port.value = '8080';
            document.querySelector('#path-form').requestSubmit(); true
            """)
        try browser.wait(for: "document.querySelector('#paths .latest .badge.running') !== null", "the new path's task shown Running")
        server.release()
        try browser.wait(for: "document.querySelector('#paths .latest')?.innerText === 'Unconnectable'", "the task's result in the list")
        #expect(try browser.evaluate("window.sameDocument === true") as? Bool == true, "the list updated without a reload")

        _ = try browser.evaluate("document.querySelector('#paths a.button[href^=\"/tasks/\"]').click(); true")
        try browser.wait(for: "document.querySelector('#diagram svg') !== null && document.querySelector('.hop-section') !== null", "the task details page")
        let blocked = try browser.evaluate("[...document.querySelectorAll('#diagram g.hop.blocked')].map(g => g.dataset.hop)") as? [String]
        #expect(blocked?.contains("destination-security-group") == true)
        #expect(try browser.evaluate("document.querySelector('#diagram g[data-hop=\"source-security-group\"]').dataset.status") as? String == "pass")
        let section = try browser.evaluate("""
            (() => { const s = document.querySelector('section.hop-section.blocked[data-hop="destination-security-group"]');
                     return s ? s.innerText : null })()
            """) as? String
        #expect(section?.contains("security-group.ingress") == true && section?.contains("SG_INGRESS") == true)
        #expect(try browser.evaluate("document.querySelector('#result').innerText") as? String == "Result: Unconnectable")
        #expect(try browser.evaluate("document.querySelector('#download-text') !== null && document.querySelector('#download-json') !== null") as? Bool == true)

        let png = try browser.screenshot()
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let file = Self.artifacts.appendingPathComponent("console-task-details.png")
        try png.write(to: file)
        print("console screenshot: \(file.path)")
    }
}
