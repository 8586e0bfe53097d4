import Foundation

/// Drives the real `netdiag` executable built next to this test bundle, with a store of its own.
struct Binary {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String

        /// stdout parsed as JSON.
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    /// The executable: in the build folder that holds the test bundle (`.build*/debug/`).
    static let url: URL? = {
        var starts = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        starts += Bundle.allBundles.map(\.bundleURL)
        for start in starts {
            var dir = start
            for _ in 0..<4 {
                let candidate = dir.appendingPathComponent("netdiag")
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                   FileManager.default.isExecutableFile(atPath: candidate.path) {
                    return candidate
                }
                dir.deleteLastPathComponent()
            }
        }
        return nil
    }()

    /// The repository root (for examples/region).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let exampleRegion = root.appendingPathComponent("examples/region").path

    /// A temporary folder holding the store and a fixture rule set.
    let dir: URL
    var store: String { dir.appendingPathComponent("store/netdiag.sqlite").path }
    var rules: String { dir.appendingPathComponent("rules").path }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir.appendingPathComponent("rules").path, withIntermediateDirectories: true)
        try Self.fixtureRule.write(toFile: rules + "/port.lua", atomically: true, encoding: .utf8)
    }

    /// One critical rule, so verdicts do not depend on the evolving rules/: port 8080 is
    /// Unconnectable, any other Normal.
    static let fixtureRule = """
        id = "fixture.port"
        title = "The fixture lets every port but 8080 through"
        category = "fixture"
        severity = "critical"
        applies_to = { side = "destination", objects = { "instance", "eni", "public-ip" } }
        description = "End-to-end test fixture."
        reasons = {
          PORT_OPEN = "Any port but 8080.",
          PORT_BLOCKED = { meaning = "Port 8080.", suggestion = "Use another port." },
        }
        function check(ctx)
          if ctx.path.port == 8080 then
            return fail { reason = "PORT_BLOCKED", message = "the fixture blocks 8080", evidence = { port = 8080 },
                          suggestion = "use another port" }
          end
          return pass { reason = "PORT_OPEN", message = "the fixture lets " .. ctx.path.protocol .. " through" }
        end
        """

    /// Arguments that take the fixture rules (commands that diagnose).
    var ruleArgs: [String] { ["--rules", rules] }

    /// Runs `netdiag args… --store STORE` with stdin from /dev/null (not a terminal).
    @discardableResult
    func run(_ args: [String], env: [String: String] = [:]) throws -> Output {
        let process = try launch(args, env: env)
        process.process.waitUntilExit()
        return try process.output()
    }

    /// A started child, its output going to files.
    struct Child {
        let process: Process
        let out: URL, err: URL
        /// What the child wrote to stderr so far (it may still run).
        func stderrSoFar() throws -> String { try String(contentsOf: err, encoding: .utf8) }

        /// Only once the child has exited.
        func output() throws -> Output {
            Output(status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
                   stderr: try String(contentsOf: err, encoding: .utf8))
        }
    }

    func launch(_ args: [String], env: [String: String] = [:]) throws -> Child {
        guard let url = Self.url else { throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "netdiag not built"]) }
        let process = Process()
        process.executableURL = url
        // The one-shot diagnose stores nothing and takes no --store.
        process.arguments = args.first == "diagnose" ? args : args + ["--store", store]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NETDIAG_STORE")
        environment.removeValue(forKey: "NETDIAG_TEST_PAUSE_IN_TASK")
        process.environment = environment.merging(env) { $1 }
        process.currentDirectoryURL = Self.root
        let tag = UUID().uuidString
        let out = dir.appendingPathComponent("\(tag).out"), err = dir.appendingPathComponent("\(tag).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try process.run()
        return Child(process: process, out: out, err: err)
    }

    /// `path create … --format json`, returning the new path's id.
    func createPath(_ name: String, _ source: String, _ destination: String, _ proto: String, port: String?,
                    diagnose: Bool = true) throws -> (id: String, output: Output) {
        var args = ["path", "create", "--name", name, "--source", source, "--destination", destination,
                    "--protocol", proto, "--format", "json"] + ruleArgs
        if let port { args += ["--port", port] }
        if !diagnose { args.append("--no-diagnose") }
        let output = try run(args)
        let object = (try? output.json()) as? [String: Any]
        let id = (object?["path"] as? [String: Any])?["id"] as? String ?? ""
        return (id, output)
    }

    /// `task list --format json`.
    func tasks(path: String? = nil) throws -> [[String: Any]] {
        let output = try run(["task", "list", "--format", "json"] + (path.map { ["--path", $0] } ?? []))
        return try output.json() as? [[String: Any]] ?? []
    }

    /// Waits until `count` tasks are running (the children reached the test pause).
    func waitForRunning(_ count: Int, timeout: TimeInterval = 30) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try tasks().filter({ $0["status"] as? String == "running" }).count >= count { return true }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return false
    }
}
