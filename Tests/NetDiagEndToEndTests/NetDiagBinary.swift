import Foundation

/// Runs the built `netdiag` executable (found by `Binary.url`) in a given folder, for the rule
/// authoring commands, which need no store. `swift test` alone may not relink the executable:
/// build first (`swift build`; `make test` does).
enum NetDiagBinary {
    typealias Output = Binary.Output

    /// Runs `netdiag arguments…` in `directory` and returns its exit status and output.
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Output {
        guard let url = Binary.url else { throw NSError(domain: "netdiag binary not found next to the test bundle; run swift build first", code: 1) }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: try String(contentsOf: out, encoding: .utf8),
                      stderr: try String(contentsOf: err, encoding: .utf8))
    }
}
