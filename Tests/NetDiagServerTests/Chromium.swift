import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium (Debian's `chromium`) driven over the DevTools protocol on a pipe
/// (`--remote-debugging-pipe`: JSON messages, each ended by a NUL, on fds 3 and 4), so no
/// WebSocket client or extra port is needed. One page; scripts run in it with `evaluate`.
final class Chromium {
    static let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
    static var executable: String? { candidates.first { FileManager.default.isExecutableFile(atPath: $0) } }

    private var pid: pid_t = 0
    private let toBrowser: Int32
    private let fromBrowser: Int32
    private var buffer: [UInt8] = []
    private var nextId = 0
    private var session = ""
    /// How the page's next `alert`/`confirm`/`prompt` dialogs are answered (true: OK), in turn;
    /// an unexpected dialog is dismissed. Each dialog's message is appended to `dialogs`.
    var dialogAnswers: [Bool] = []
    private(set) var dialogs: [String] = []

    init(executable: String, profile: URL) throws {
        var input: [Int32] = [0, 0], output: [Int32] = [0, 0]
        guard pipe(&input) == 0, pipe(&output) == 0 else { throw ServerTestError("pipe() failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 3)
        posix_spawn_file_actions_adddup2(&actions, output[1], 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--remote-debugging-pipe", "--user-data-dir=\(profile.path)", "--no-first-run",
                         "--no-default-browser-check", "--disable-extensions", "--no-proxy-server", "about:blank"]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, executable, &actions, nil, &argv, environ)
        Glibc.close(input[0]); Glibc.close(output[1])
        toBrowser = input[1]; fromBrowser = output[0]
        guard spawned == 0 else { throw ServerTestError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        let target = try send("Target.createTarget", ["url": "about:blank"], inPage: false)
        let targetId = try require(target["targetId"] as? String, "no targetId")
        let attached = try send("Target.attachToTarget", ["targetId": targetId, "flatten": true], inPage: false)
        session = try require(attached["sessionId"] as? String, "no sessionId")
        _ = try send("Emulation.setDeviceMetricsOverride", ["width": 1440, "height": 1100, "deviceScaleFactor": 1, "mobile": false])
        // Dialog events: a `confirm` blocks the page, so it is answered while a command waits.
        _ = try send("Page.enable", [:])
    }

    deinit { close() }

    func close() {
        guard pid != 0 else { return }
        _ = try? send("Browser.close", [:], inPage: false, timeout: 5)
        var status: Int32 = 0
        for _ in 0..<50 where waitpid(pid, &status, WNOHANG) == 0 { usleep(100_000) }
        if waitpid(pid, &status, WNOHANG) == 0 { kill(pid, SIGKILL); waitpid(pid, &status, 0) }
        pid = 0
        Glibc.close(toBrowser); Glibc.close(fromBrowser)
    }

    func navigate(_ url: String) throws { _ = try send("Page.navigate", ["url": url]) }

    /// Runs `script` in the page (promises awaited) and returns its JSON value.
    func evaluate(_ script: String) throws -> Any? {
        let reply = try send("Runtime.evaluate", ["expression": script, "returnByValue": true, "awaitPromise": true])
        if let exception = reply["exceptionDetails"] as? [String: Any] {
            throw ServerTestError("script failed: \(exception["exception"] ?? exception["text"] ?? exception)")
        }
        return (reply["result"] as? [String: Any])?["value"]
    }

    /// Waits until `condition` (a script) is true; the error shows what the page said last.
    func wait(for condition: String, timeout: TimeInterval = 60, _ what: String) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if (try? evaluate(condition)) as? Bool == true { return }
            usleep(200_000)
        }
        let shown = (try? evaluate("document.body.innerText.slice(0, 600)")) as? String ?? ""
        throw ServerTestError("timed out waiting for \(what); the page shows: \(shown)")
    }

    /// A PNG of the whole page.
    func screenshot() throws -> Data {
        let reply = try send("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true])
        return try require((reply["data"] as? String).flatMap { Data(base64Encoded: $0) }, "no screenshot data")
    }

    private func send(_ method: String, _ params: [String: Any], inPage: Bool = true, timeout: TimeInterval = 30) throws -> [String: Any] {
        nextId += 1
        let id = nextId
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if inPage { message["sessionId"] = session }
        try write(message)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reply = try readMessage(until: deadline)
            if reply["method"] as? String == "Page.javascriptDialogOpening" { try answerDialog(reply) }
            guard reply["id"] as? Int == id else { continue }  // events and other replies
            if let error = reply["error"] as? [String: Any] { throw ServerTestError("\(method): \(error["message"] ?? error)") }
            return reply["result"] as? [String: Any] ?? [:]
        }
    }

    /// Answers a dialog without waiting for the browser's reply (it is skipped like an event).
    private func answerDialog(_ event: [String: Any]) throws {
        let params = event["params"] as? [String: Any] ?? [:]
        dialogs.append(params["message"] as? String ?? "")
        let accept = dialogAnswers.isEmpty ? false : dialogAnswers.removeFirst()
        nextId += 1
        try write(["id": nextId, "method": "Page.handleJavaScriptDialog", "params": ["accept": accept], "sessionId": session])
    }

    private func write(_ message: [String: Any]) throws {
        var bytes = Array(try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(toBrowser, $0.baseAddress, $0.count) }
            guard n > 0 else { throw ServerTestError("the browser's pipe closed") }
            written += n
        }
    }

    private func readMessage(until deadline: Date) throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let message = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                return try require(try JSONSerialization.jsonObject(with: Data(message)) as? [String: Any], "bad message")
            }
            let left = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            var descriptor = pollfd(fd: fromBrowser, events: Int16(POLLIN), revents: 0)
            guard left > 0, poll(&descriptor, 1, left) > 0 else { throw ServerTestError("the browser did not answer in time") }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = read(fromBrowser, &chunk, chunk.count)
            guard n > 0 else { throw ServerTestError("the browser closed its pipe") }
            buffer += chunk[..<n]
        }
    }

    private func require<T>(_ value: T?, _ message: String) throws -> T {
        guard let value else { throw ServerTestError(message) }
        return value
    }
}
