import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs a tool with Foundation's `Process`, stdout and stderr going to temporary files so a
/// large ruleset cannot fill a pipe and stall the child.
struct CommandRunner: Sendable {
    struct Outcome: Sendable {
        var status: Int32
        var stdout: Data
        var stderr: String
        var timedOut = false
    }

    /// Words put before every command (e.g. `ip netns exec NS`).
    var prefix: [String]
    var searchPath: [String]
    var timeout: TimeInterval

    /// The absolute path of an executable named `name` on the search path, or nil.
    func locate(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for dir in searchPath {
            let candidate = (dir as NSString).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    func run(_ executable: String, _ arguments: [String]) throws -> Outcome {
        var words = prefix + [executable] + arguments
        let launcher = locate(words.removeFirst()) ?? executable
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("netdiag-agent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher)
        process.arguments = words
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        // Tools print English, parseable text regardless of the host's locale.
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        process.environment = environment
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        let (status, timedOut) = wait(for: process, done: done)
        return Outcome(status: status, stdout: (try? Data(contentsOf: outURL)) ?? Data(),
                       stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "", timedOut: timedOut)
    }

    /// The child's exit status, and whether it ran past the timeout (then it is terminated).
    /// Foundation on Linux sometimes never notices a child's exit (it stays a zombie and the
    /// termination handler never runs; seen under load), so the child is also reaped here.
    private func wait(for process: Process, done: DispatchSemaphore) -> (Int32, Bool) {
        let pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while true {
            if done.wait(timeout: .now() + 0.05) == .success { return (process.terminationStatus, timedOut) }
            var raw: Int32 = 0
            let reaped = waitpid(pid, &raw, WNOHANG)
            if reaped == pid {
                // WEXITSTATUS / WTERMSIG, which Swift cannot import as macros.
                let signal = raw & 0x7f
                return (signal == 0 ? (raw >> 8) & 0xff : 128 + signal, timedOut)
            }
            if reaped == -1 && errno == ECHILD {
                // Foundation reaped it: its handler is on the way.
                done.wait()
                return (process.terminationStatus, timedOut)
            }
            if !timedOut && Date() > deadline {
                timedOut = true
                kill(pid, SIGTERM)
            }
        }
    }
}
