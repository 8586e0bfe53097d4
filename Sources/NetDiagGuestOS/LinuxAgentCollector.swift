import Foundation
import NetDiagModel

/// Collects a Linux guest's state into `<output>/os/<instance-id>/`, in the formats
/// `GuestFolderReader` reads (see docs/guest-os.md).
///
/// Works inside a network namespace (`ip netns exec NS netdiag agent collect …`): every network
/// fact comes from the tools run in the caller's namespace, and nothing depends on the hostname
/// resolving. A tool that is not installed is recorded as `missing` and its file not written; a
/// tool that exits non-zero is recorded as `failed: <first stderr line>`.
public struct LinuxAgentCollector: Sendable {
    /// The folder name under `os/`.
    public var instanceId: String
    /// Words put before every tool, e.g. `["ip", "netns", "exec", "ns1"]` to collect another
    /// namespace's network state from outside it. Empty for the usual in-place run.
    public var commandPrefix: [String]
    /// Where tools are looked for: `PATH`, then the sbin folders a non-login root shell may lack.
    public var searchPath: [String]
    /// Seconds a tool may run before it is stopped and recorded as failed.
    public var timeout: TimeInterval = 30

    /// - Parameters:
    ///   - instanceId: nil means `NETDIAG_INSTANCE_ID` from `environment`, else the hostname.
    public init(instanceId: String? = nil, commandPrefix: [String] = [],
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.instanceId = instanceId ?? Self.defaultInstanceId(environment: environment)
        self.commandPrefix = commandPrefix
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        var seen = Set<String>()
        self.searchPath = (path + ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"])
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// `NETDIAG_INSTANCE_ID`, or the kernel's hostname when it is unset or empty.
    public static func defaultInstanceId(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let id = environment["NETDIAG_INSTANCE_ID"], !id.isEmpty { return id }
        return HostFacts.hostname()
    }

    /// The tools run, in order: source, executable, argument lists tried until one succeeds.
    /// iproute2 before 4.13 (CentOS 7) has no `ss -H`; the parser reads the header form too.
    static let tools: [(GuestSource, String, [[String]])] = [
        (.iptables, "iptables-save", [[]]),
        (.ip6tables, "ip6tables-save", [[]]),
        (.nft, "nft", [["-j", "list", "ruleset"]]),
        (.ss, "ss", [["-lntupH"], ["-lntup"]]),
        (.interfaces, "ip", [["-j", "addr", "show"]]),
    ]

    /// Runs the tools and writes the folder.
    /// - Returns: the `os/<instance-id>` folder written.
    /// - Throws: `CollectorError` for a bad instance id; file-system errors while writing.
    @discardableResult
    public func collect(into output: URL) throws -> URL {
        guard !instanceId.isEmpty, instanceId != ".", instanceId != "..", !instanceId.contains("/") else {
            throw CollectorError(message: "instance id \"\(instanceId)\" cannot name a folder")
        }
        let folder = output.appendingPathComponent("os").appendingPathComponent(instanceId)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let runner = CommandRunner(prefix: commandPrefix, searchPath: searchPath, timeout: timeout)

        var collected: [String: String] = [:]
        for (source, tool, alternatives) in Self.tools {
            let file = folder.appendingPathComponent(source.fileName)
            // A stale file from an earlier run must not pass for this run's output.
            try? FileManager.default.removeItem(at: file)
            guard let executable = runner.locate(tool) else {
                collected[source.rawValue] = "missing"
                continue
            }
            var status: String?
            for arguments in alternatives {
                do {
                    let outcome = try runner.run(executable, arguments)
                    if outcome.timedOut {
                        status = status ?? "failed: timed out after \(Int(timeout))s"
                    } else if outcome.status != 0 {
                        // The first attempt's complaint is the one that explains the failure.
                        status = status ?? "failed: " + firstLine(outcome.stderr, status: outcome.status)
                    } else {
                        try outcome.stdout.write(to: file, options: .atomic)
                        status = "ok"
                        break
                    }
                } catch {
                    status = status ?? "failed: \(error.localizedDescription)"
                }
            }
            collected[source.rawValue] = status
        }

        let release = HostFacts.osRelease()
        let system = SystemFile(
            osType: "linux", distribution: release.id, version: release.version, arch: HostFacts.machine(),
            python: pythonVersion(runner), cloudAssistant: cloudAssistantInstalled(runner),
            cpuPercent: HostFacts.cpuPercent(), memoryPercent: HostFacts.memoryPercent(),
            diskPercent: HostFacts.diskPercent(), ephemeralPorts: ephemeralPorts(runner), collected: collected,
            collectedAt: ISO8601DateFormatter().string(from: Date()))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(system).write(to: folder.appendingPathComponent(GuestSource.systemFileName),
                                         options: .atomic)
        return folder
    }

    private func firstLine(_ stderr: String, status: Int32) -> String {
        let line = stderr.split(separator: "\n").first.map { String($0).trimmingTrailingBlanks() } ?? ""
        return line.isEmpty ? "exit status \(status)" : line
    }

    /// `Python 3.8.10` → `3.8.10`; Python 2 prints its version on stderr.
    private func pythonVersion(_ runner: CommandRunner) -> String? {
        for name in ["python3", "python", "python2"] {
            guard let executable = runner.locate(name),
                  let outcome = try? CommandRunner(prefix: [], searchPath: searchPath, timeout: timeout)
                    .run(executable, ["--version"]),
                  outcome.status == 0 else { continue }
            let text = (String(decoding: outcome.stdout, as: UTF8.self) + " " + outcome.stderr)
            if let range = text.range(of: "Python ") {
                let version = text[range.upperBound...].prefix(while: { $0.isNumber || $0 == "." })
                if !version.isEmpty { return String(version) }
            }
        }
        return nil
    }

    /// The Cloud Assistant agent ships `aliyun-service` and keeps its files in aliyun-assist.
    /// `net.ipv4.ip_local_port_range` of the network namespace collected: read in place, or
    /// through the command prefix when collecting a namespace from outside it.
    private func ephemeralPorts(_ runner: CommandRunner) -> PortRange? {
        if commandPrefix.isEmpty { return HostFacts.ephemeralPorts() }
        guard let cat = runner.locate("cat"),
              let outcome = try? runner.run(cat, ["/proc/sys/net/ipv4/ip_local_port_range"]), outcome.status == 0
        else { return nil }
        return HostFacts.ephemeralPorts(text: String(decoding: outcome.stdout, as: UTF8.self))
    }

    private func cloudAssistantInstalled(_ runner: CommandRunner) -> Bool {
        runner.locate("aliyun-service") != nil
            || FileManager.default.fileExists(atPath: "/usr/local/share/aliyun-assist")
    }
}

/// The collector cannot start (e.g. an instance id that cannot name a folder).
public struct CollectorError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
