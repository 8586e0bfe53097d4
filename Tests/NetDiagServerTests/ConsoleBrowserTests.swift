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

    /// The browser, or nil (recorded as a failure when `NETDIAG_REQUIRE_CHROMIUM=1`).
    static func chromium() -> String? {
        if let executable = Chromium.executable { return executable }
        if ProcessInfo.processInfo.environment["NETDIAG_REQUIRE_CHROMIUM"] == "1" {
            Issue.record("NETDIAG_REQUIRE_CHROMIUM=1 but no Chromium at \(Chromium.candidates.joined(separator: " or ")) (make deps installs it)")
        } else {
            print("skipped: the console test needs Debian's chromium (make deps installs it)")
        }
        return nil
    }

    @Test("create a path in the console, watch its task finish, and see the blocked hop on the details page")
    func createWatchAndInspect() async throws {
        guard let executable = Self.chromium() else { return }
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
        // Where it breaks, before the diagram: both blockers with their hops, linked to the items.
        let breaks = try browser.evaluate("[...document.querySelectorAll('#blockers li')].map(li => li.dataset.hop + ' ' + li.innerText)") as? [String]
        #expect(breaks?.count == 2)
        #expect(breaks?.first?.hasPrefix("destination-security-group Security groups (in): ") == true && breaks?.first?.contains("SG_INGRESS_DENIED") == true)
        #expect(breaks?.last?.hasPrefix("listener Listener: ") == true)
        // The replies' checks are marked as the return path, in the list and in the diagram.
        #expect(try browser.evaluate("document.querySelector('.item[data-rule=\"network-acl.return-ingress\"] .direction')?.innerText") as? String
                == "← return path (replies)")
        #expect(try browser.evaluate("document.querySelector('.item[data-rule=\"security-group.ingress\"] .direction')") is NSNull)
        #expect(try browser.evaluate("document.querySelector('#diagram g[data-hop=\"source-acl\"]').dataset.return") as? String == "pass")
        // Evidence as name/value rows; the fix under the blocking item.
        let blocking = try browser.evaluate("""
            (() => { const i = document.querySelector('.item.blocking[data-rule="security-group.ingress"]');
                     const rows = Object.fromEntries([...i.querySelectorAll('table.evidence tr')].map(r => [r.cells[0].innerText, r.cells[1].innerText]));
                     return [rows.rule, i.querySelector('.suggestion').innerText.startsWith('Suggested fix: ')] })()
            """) as? [Any]
        #expect(blocking?.first as? String == "sgr-app-deny-web2" && blocking?.last as? Bool == true)
        #expect(try browser.evaluate("document.querySelector('#download-text') !== null && document.querySelector('#download-json') !== null") as? Bool == true)

        let png = try browser.screenshot()
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let file = Self.artifacts.appendingPathComponent("console-task-details.png")
        try png.write(to: file)
        print("console screenshot: \(file.path)")
    }

    @Test("clone a path with one field changed, delete one through the confirm dialog, and watch a path's diagnoses update")
    func cloneDeleteAndPathDiagnoses() async throws {
        guard let executable = Self.chromium() else { return }
        let server = try ServerProcess()
        defer { server.stop() }
        let created = try await server.request("POST", "/api/paths", json: APITests.web2ToApp1).json()
        let pathId = try #require((created["path"] as? [String: Any])?["id"] as? String)
        let firstTask = try #require(((created["task"] as? [String: Any])?["task"] as? [String: Any])?["id"] as? String)
        _ = try await server.waitForTask(firstTask)
        let browser = try Chromium(executable: executable, profile: server.dir.appendingPathComponent("chromium"))
        defer { browser.close() }
        let row = { (name: String) in "[...document.querySelectorAll('#paths tbody tr')].find(r => r.cells[0].innerText === '\(name)')" }

        try browser.navigate(server.base + "/")
        try browser.wait(for: "\(row("web2-to-app1"))?.querySelector('.latest').innerText === 'Unconnectable'", "the stored path in the list")
        // The per-path record limit: the CLI's refusal, then a saved value the API returns.
        _ = try browser.evaluate("const k = document.querySelector('#keep-form'); k.keep.value = '0'; k.requestSubmit(); true")
        try browser.wait(for: "document.querySelector('#message').innerText.startsWith('the per-path cap')", "the keep refusal")
        #expect(try browser.evaluate("document.querySelector('#message').innerText") as? String
                == "the per-path cap on kept task records must be 1–1000, got 0")
        _ = try browser.evaluate("const k2 = document.querySelector('#keep-form'); k2.keep.value = '7'; k2.requestSubmit(); true")
        try browser.wait(for: "document.querySelector('#message').innerText.startsWith('Each path now keeps at most 7')", "the saved limit")
        #expect(try await server.request("GET", "/api/keep").json()["keep"] as? Int == 7)

        _ = try browser.evaluate("window.sameDocument = true; \(row("web2-to-app1")).querySelector('button.clone').click(); true")
        let form = try browser.evaluate("""
            (() => { const f = document.querySelector('#path-form');
                     return [f.name.value, f.source.value, f.destination.value, f.protocol.value, f.port.value] })()
            """) as? [String]
        #expect(form == ["web2-to-app1-copy", "i-web2", "i-app1", "tcp", "8080"], "the clone form starts from the path")
        server.hold()
        _ = try browser.evaluate("const f = document.querySelector('#path-form'); f.port.value = '443'; f.requestSubmit(); true")
        try browser.wait(for: "\(row("web2-to-app1-copy"))?.querySelector('.latest .badge.running') != null", "the clone's task Running in the list")
        #expect(try browser.evaluate("\(row("web2-to-app1-copy")).cells[2].innerText") as? String == "tcp/443")
        #expect(try browser.evaluate("\(row("web2-to-app1")).cells[2].innerText") as? String == "tcp/8080", "the original is unchanged")
        server.release()
        try browser.wait(for: "\(row("web2-to-app1-copy"))?.querySelector('.latest').innerText === 'Unconnectable'", "the clone's result")
        let paths = try await server.request("GET", "/api/paths").array()
        let copy = try #require(paths.first { $0["name"] as? String == "web2-to-app1-copy" })
        #expect(copy["port"] as? Int == 443 && copy["source"] as? String == "i-web2" && copy["id"] as? String != pathId)

        // Delete: Cancel in the confirm dialog keeps the path; OK deletes it and its records.
        browser.dialogAnswers = [false]
        _ = try browser.evaluate("\(row("web2-to-app1-copy")).querySelector('button.delete').click(); true")
        #expect(browser.dialogs == ["Delete path web2-to-app1-copy and its task records?"])
        #expect(try browser.evaluate("\(row("web2-to-app1-copy")) !== undefined") as? Bool == true, "Cancel keeps the path")
        browser.dialogAnswers = [true]
        _ = try browser.evaluate("\(row("web2-to-app1-copy")).querySelector('button.delete').click(); true")
        try browser.wait(for: "\(row("web2-to-app1-copy")) === undefined", "the deleted path gone from the list")
        #expect(try browser.evaluate("document.querySelector('#message').innerText") as? String == "Deleted path web2-to-app1-copy.")
        #expect(try await server.request("GET", "/api/paths").array().map { $0["name"] as? String } == ["web2-to-app1"])
        #expect(try browser.evaluate("window.sameDocument === true") as? Bool == true, "clone and delete without a reload")

        // One path's diagnoses: a new task appears Running, then with its result, without a reload.
        try browser.navigate(server.base + "/paths/" + pathId)
        try browser.wait(for: "document.querySelectorAll('#tasks tbody tr[data-task]').length === 1", "the path's one diagnosis")
        server.hold()
        _ = try browser.evaluate("window.sameDocument = true; document.querySelector('#diagnose').click(); true")
        try browser.wait(for: "document.querySelectorAll('#tasks tbody tr[data-task]').length === 2", "the new diagnosis in the list")
        #expect(try browser.evaluate("document.querySelector('#tasks tbody tr').cells[1].innerText") as? String == "Running")
        #expect(try browser.evaluate("document.querySelector('#message').innerText") as? String
                == "Started task \(try await server.request("GET", "/api/paths/\(pathId)/tasks").array().first?["id"] as? String ?? "?").")
        server.release()
        try browser.wait(for: "document.querySelector('#tasks tbody tr').cells[1].innerText === 'Unconnectable'", "the new diagnosis's result")
        #expect(try browser.evaluate("window.sameDocument === true") as? Bool == true, "the diagnoses updated without a reload")
    }
}
