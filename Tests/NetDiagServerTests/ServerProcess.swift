import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `netdiag serve` on loopback, started from the built executable with a store and
/// inventory of its own; `stop()` ends it with SIGTERM.
final class ServerProcess: @unchecked Sendable {
    struct Reply {
        var status: Int
        var body: Data
        var headers: [String: String]
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                throw ServerTestError("not a JSON object: \(text)")
            }
            return object
        }
        func array() throws -> [[String: Any]] {
            guard let array = try JSONSerialization.jsonObject(with: body) as? [[String: Any]] else {
                throw ServerTestError("not a JSON array: \(text)")
            }
            return array
        }
        /// `error.code` of an error reply.
        var errorCode: String? { ((try? json())?["error"] as? [String: Any])?["code"] as? String }
        var errorMessage: String? { ((try? json())?["error"] as? [String: Any])?["message"] as? String }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let exampleRegion = root.appendingPathComponent("examples/region").path
    static let rules = root.appendingPathComponent("rules").path

    let dir: URL
    let process = Process()
    /// While this file exists the server's tasks wait (`NETDIAG_TEST_HOLD_TASKS`).
    let holdFile: URL
    private(set) var base = ""
    /// The store the server runs on (for the CLI on the same workspace).
    let store: String
    var token: String?

    /// Starts the server and waits for its `listening on` line. `store` defaults to a fresh
    /// SQLite file; the example region is selected in it unless `selectInventory` is false.
    init(store: String? = nil, arguments: [String] = [], holdFile: URL? = nil, selectInventory: Bool = true) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        self.holdFile = holdFile ?? dir.appendingPathComponent("hold")
        let store = store ?? dir.appendingPathComponent("store.sqlite").path
        self.store = store
        if selectInventory {
            let use = try Self.run(["inventory", "use", Self.exampleRegion, "--store", store])
            guard use.status == 0 else { throw ServerTestError("inventory use failed: \(use.stderr)") }
        }
        process.executableURL = try Self.binary()
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--store", store,
                             "--inventory-root", Self.root.appendingPathComponent("examples").path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["NETDIAG_TEST_HOLD_TASKS": self.holdFile.path]) { $1 }
        let out = Pipe(), err = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        base = try Self.waitForAddress(out.fileHandleForReading, process: process, stderr: err)
    }

    deinit { stop() }

    /// Holds the server's tasks before they run, until `release()`.
    func hold() { FileManager.default.createFile(atPath: holdFile.path, contents: nil) }
    func release() { try? FileManager.default.removeItem(at: holdFile) }

    /// Ends the server and removes its folder (store, hold file, browser profile).
    func stop() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: dir)
    }

    /// Sends SIGTERM and waits (at most `timeout` seconds) for the server to exit; returns its
    /// exit status and what it wrote to stderr. The folder stays until `stop()`.
    func terminate(timeout: TimeInterval = 60) throws -> (status: Int32, stderr: String) {
        process.terminate()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        guard !process.isRunning else { throw ServerTestError("the server still runs \(timeout) s after SIGTERM") }
        let stderr = (try? String(contentsOf: dir.appendingPathComponent("stderr"), encoding: .utf8)) ?? ""
        return (process.terminationStatus, stderr)
    }

    private static func waitForAddress(_ handle: FileHandle, process: Process, stderr: URL) throws -> String {
        var seen = Data()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty {
                guard process.isRunning else { break }
                continue
            }
            seen.append(chunk)
            let text = String(decoding: seen, as: UTF8.self)
            if let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                return String(text[range])
            }
        }
        process.terminate()
        throw ServerTestError("the server did not start: \((try? String(contentsOf: stderr, encoding: .utf8)) ?? "")")
    }

    /// One HTTP request to the server (loopback only).
    func request(_ method: String, _ path: String, json: Any? = nil, body: Data? = nil,
                 headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let body { request.httpBody = body }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields[String(describing: name).lowercased()] = String(describing: value) }
        return Reply(status: http.statusCode, body: data, headers: fields)
    }

    /// Polls a task until it is no longer running (at most `timeout` seconds).
    func waitForTask(_ id: String, timeout: TimeInterval = 60) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let task = try await request("GET", "/api/tasks/\(id)").json()
            if (task["task"] as? [String: Any])?["status"] as? String != "running" { return task }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        throw ServerTestError("task \(id) still running after \(timeout) s")
    }

    struct Output { var status: Int32; var stdout: String; var stderr: String }

    /// Runs the CLI to completion.
    static func run(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out; process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The `netdiag` executable in the build folder holding this test bundle.
    static func binary() throws -> URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("netdiag")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue { return candidate }
            dir.deleteLastPathComponent()
        }
        let fallback = root.appendingPathComponent(".build/debug/netdiag")
        guard FileManager.default.isExecutableFile(atPath: fallback.path) else {
            throw ServerTestError("netdiag binary not found next to the test bundle; run swift build first")
        }
        return fallback
    }
}

struct ServerTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
