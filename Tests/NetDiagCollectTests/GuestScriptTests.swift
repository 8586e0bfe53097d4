import Foundation
import NetDiagGuestOS
import NetDiagModel
import Testing
@testable import NetDiagCollect

/// The bundled Linux collector, run for real on this machine: under every Python pyenv has (the
/// guest-OS checks need 2.7 or 3.6–3.9; later ones must work too), through its shell wrapper, and
/// without any Python. Its output must read back into the state `agent collect` gathers here.
@Suite(.serialized) struct GuestScriptTests {
    static let wanted = ["2.7", "3.6", "3.7", "3.8", "3.9"]

    /// `<pyenv root>/versions/*/bin/python`, by version.
    static func pythons() -> [(version: String, path: String)] {
        let env = ProcessInfo.processInfo.environment
        let root = env["PYENV_ROOT"] ?? (NSHomeDirectory() as NSString).appendingPathComponent(".pyenv")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root + "/versions")) ?? []
        return versions.sorted().compactMap { v in
            let path = "\(root)/versions/\(v)/bin/python"
            return FileManager.default.isExecutableFile(atPath: path) ? (v, path) : nil
        }
    }

    func run(_ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil) throws -> String {
        let process = Process(), out = Pipe(), input = Pipe()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = out
        process.standardInput = input
        if let environment { process.environment = environment }
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes the decoded output as os/<id>/ and reads it back as the loader does.
    func readBack(_ output: GuestOutput, _ tag: String) throws -> GuestState {
        let folder = temporaryFolder(tag)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(output.system).write(to: folder.appendingPathComponent("system.json"))
        for (name, bytes) in output.files { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
        return try GuestFolderReader.read(directory: folder, instanceId: "i-script").0
    }

    func agentCollect() throws -> GuestState {
        let folder = temporaryFolder("agent")
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try LinuxAgentCollector(instanceId: "i-agent").collect(into: folder)
        return try GuestFolderReader.read(directory: written, instanceId: "i-agent").0
    }

    func expectSameAsAgent(_ got: GuestState, _ agent: GuestState, python: String?, _ label: String) {
        #expect(got.collected == agent.collected, "\(label)")
        #expect(got.system?.distribution == agent.system?.distribution && got.system?.version == agent.system?.version, "\(label)")
        #expect(got.system?.arch == agent.system?.arch, "\(label)")
        #expect(got.system?.python == python, "\(label)")
        #expect(got.system?.cloudAssistant == true, "\(label)")
        #expect(got.system?.memoryPercent != nil && got.system?.diskPercent != nil, "\(label)")
        #expect(got.iptables == agent.iptables && got.ip6tables == agent.ip6tables && got.nftables == agent.nftables, "\(label)")
        #expect((got.listeners == nil) == (agent.listeners == nil) && (got.interfaces == nil) == (agent.interfaces == nil), "\(label)")
    }

    @Test func runsUnderEveryPythonTheMachineHas() throws {
        let found = Self.pythons()
        let missing = Self.wanted.filter { w in !found.contains { $0.version.hasPrefix(w + ".") } }
        print("GuestScriptTests: Pythons found: \(found.map(\.version).joined(separator: ", ")); missing of 2.7/3.6–3.9: \(missing.isEmpty ? "none" : missing.joined(separator: ", "))")
        let script = temporaryFolder("script").appendingPathExtension("py")
        defer { try? FileManager.default.removeItem(at: script) }
        try Data(try GuestScripts.python().utf8).write(to: script)
        let agent = try agentCollect()
        for (version, path) in found {
            let text = try run(path, [script.path])
            let output = try GuestOutput.decode(text, instanceId: "i-script")
            #expect(text.hasSuffix("NETDIAG-GUEST-1 END\n"), "Python \(version): \(text.suffix(300))")
            expectSameAsAgent(try readBack(output, "py\(version)"), agent, python: version, "Python \(version)")
        }
    }

    @Test func shellWrapperFindsPython() throws {
        let text = try run("/bin/sh", ["-c", try GuestScripts.command(windows: false)])
        let state = try readBack(try GuestOutput.decode(text, instanceId: "i-sh"), "sh")
        let python3 = try run("/bin/sh", ["-c", "python3 -c 'import sys; print(\"%d.%d.%d\" % sys.version_info[:3])'"])
        expectSameAsAgent(state, try agentCollect(), python: python3.trimmingCharacters(in: .whitespacesAndNewlines), "sh")
    }

    /// No Python: the OS is still reported, so the checks are skipped for Python (not for state).
    @Test func shellWrapperWithoutPython() throws {
        let bin = temporaryFolder("bin")
        defer { try? FileManager.default.removeItem(at: bin) }
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for tool in ["sed", "uname"] {
            let path = try run("/bin/sh", ["-c", "command -v \(tool)"]).trimmingCharacters(in: .whitespacesAndNewlines)
            try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent(tool).path, withDestinationPath: path)
        }
        let text = try run("/bin/sh", ["-c", try GuestScripts.command(windows: false)], environment: ["PATH": bin.path])
        let state = try readBack(try GuestOutput.decode(text, instanceId: "i-nopy"), "nopy")
        let agent = try agentCollect()
        #expect(state.system?.python == nil)
        #expect(state.system?.osType == "linux" && state.system?.cloudAssistant == true)
        #expect(state.system?.distribution == agent.system?.distribution && state.system?.version == agent.system?.version)
        #expect(state.system?.arch == agent.system?.arch)
        #expect(state.collected.isEmpty)
    }

    @Test func truncatedOutputMarksLostFilesFailed() throws {
        let text = """
            NETDIAG-GUEST-1 SYSTEM {"osType": "linux", "collected": {"iptables": "ok", "ss": "ok", "nft": "missing"}}
            NETDIAG-GUEST-1 FILE ss.txt \(Data("tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:*\\n".utf8).base64EncodedString())
            NETDIAG-GUEST-1 FILE iptables-save.txt KiBmaWx0ZXIK
            """
        let output = try GuestOutput.decode(String(text.dropLast(6)), instanceId: "i-cut", dropped: 4096)
        let state = try readBack(output, "cut")
        #expect(state.collected["iptables"] == "failed: the agent dropped 4096 bytes of output")
        #expect(state.collected["ss"] == "ok" && state.listeners?.count == 1)
        #expect(state.iptables == nil)
        #expect(throws: CollectError.self) { try GuestOutput.decode("python: command not found\n", instanceId: "i-x") }
        // Only known file names are written: a hostile name cannot escape os/<id>/.
        let hostile = try GuestOutput.decode("NETDIAG-GUEST-1 SYSTEM {\"osType\":\"linux\"}\nNETDIAG-GUEST-1 FILE ../../x AAAA\n",
                                             instanceId: "i-h")
        #expect(hostile.files.isEmpty)
    }
}
