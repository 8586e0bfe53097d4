import Foundation
import NetDiagJSON

/// Gathers guest state through Cloud Assistant: `DescribeCloudAssistantStatus` for which instances
/// have the agent, `RunCommand` with the bundled collector script (shell + Python on Linux,
/// PowerShell on Windows), `DescribeInvocationResults` until each has finished; the output
/// becomes `os/<instance-id>/`.
public struct GuestCollector: Sendable {
    public struct Options: Sendable {
        /// Seconds between two `DescribeInvocationResults` polls.
        public var pollInterval: TimeInterval = 2
        /// Seconds the script may run on an instance (RunCommand's `Timeout`); polling stops 30 s later.
        public var commandTimeout: Int = 120
        public init(pollInterval: TimeInterval = 2, commandTimeout: Int = 120) {
            self.pollInterval = pollInterval
            self.commandTimeout = commandTimeout
        }
    }

    /// What happened per instance.
    public struct Summary: Sendable {
        public var collected: [String] = []
        /// Instances without the agent: written with `cloudAssistant: false`.
        public var agentMissing: [String] = []
        /// Instances not Running: nothing can run on them.
        public var notRunning: [String] = []
        /// Instances whose command failed, with why: no folder is written for them.
        public var failed: [(String, String)] = []
    }

    /// An instance from `DescribeInstances`.
    struct Target: Sendable {
        var id: String, status: String, osType: String
        init?(instance: JSONValue) {
            guard let id = instance["InstanceId"]?.string, !id.isEmpty, !id.contains("/"), id != ".", id != ".." else { return nil }
            self.id = id
            status = instance["Status"]?.string ?? ""
            osType = (instance["OSType"]?.string ?? "linux").lowercased()
        }
    }

    let client: OpenAPIClient
    let region: String
    let options: Options
    static let batch = 50

    init(client: OpenAPIClient, region: String, options: Options) {
        self.client = client
        self.region = region
        self.options = options
    }

    func collect(_ instances: [Target], selection: GuestSelection, into writer: InventoryFolderWriter,
                 counter: ProgressCounter) async throws -> Summary {
        var chosen = instances
        let known = Dictionary(instances.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        switch selection {
        case .instances(let ids):
            if let unknown = ids.first(where: { known[$0] == nil }) {
                throw CollectError.usage("--guests \(unknown): no such instance in the collected region/VPCs")
            }
            chosen = ids.compactMap { known[$0] }
        case .ifPresent(let ids):
            chosen = ids.compactMap { known[$0] }
        case .all, .none:
            break
        }
        var summary = Summary()
        summary.notRunning = chosen.filter { $0.status != "Running" }.map(\.id)
        let running = chosen.filter { $0.status == "Running" }
        let agent = try await agentStatus(running.map(\.id))
        for target in running where agent[target.id] != true {
            try GuestOutput.agentMissing(osType: target.osType).write(instanceId: target.id, into: writer)
            summary.agentMissing.append(target.id)
        }
        let ready = running.filter { agent[$0.id] == true }
        let batches = stride(from: 0, to: ready.count, by: Self.batch).map { Array(ready[$0..<min(ready.count, $0 + Self.batch)]) }
            .flatMap { batch in [batch.filter { $0.osType != "windows" }, batch.filter { $0.osType == "windows" }] }
            .filter { !$0.isEmpty }
        counter.expect(batches.count)
        let outcomes = try await withThrowingTaskGroup(of: [(String, Result<GuestOutput, CollectError>)].self) { group in
            for batch in batches {
                group.addTask {
                    // A batch the API refuses (a quota, an instance that stopped meanwhile) costs
                    // those guests their state, not the whole collection.
                    do { return try await self.run(batch) } catch let error as CollectError {
                        return batch.map { ($0.id, .failure(error)) }
                    }
                }
            }
            var all: [(String, Result<GuestOutput, CollectError>)] = []
            for try await outcome in group {
                all += outcome
                counter.finished("RunCommand")
            }
            return all
        }
        for (id, outcome) in outcomes.sorted(by: { $0.0 < $1.0 }) {
            switch outcome {
            case .success(let output):
                try output.write(instanceId: id, into: writer)
                summary.collected.append(id)
            case .failure(let error):
                summary.failed.append((id, error.description))
            }
        }
        return summary
    }

    /// Instance id → whether the agent is installed (`CloudAssistantStatus` "true").
    private func agentStatus(_ ids: [String]) async throws -> [String: Bool] {
        var status: [String: Bool] = [:]
        for start in stride(from: 0, to: ids.count, by: Self.batch) {
            var parameters = ["RegionId": region]
            for (n, id) in ids[start..<min(ids.count, start + Self.batch)].enumerated() { parameters["InstanceId.\(n + 1)"] = id }
            let call = ListCall(.ecs, "DescribeCloudAssistantStatus", parameters, paging: .pageNumber(size: Self.batch),
                                list: ("InstanceCloudAssistantStatusSet", "InstanceCloudAssistantStatus"))
            for page in try await client.pages(call) {
                for item in call.items(in: try JSONParser.parse(page)) {
                    guard let id = item["InstanceId"]?.string else { continue }
                    let value = item["CloudAssistantStatus"]
                    status[id] = value?.string?.lowercased() == "true" || value == .bool(true)
                }
            }
        }
        return status
    }

    /// Runs the collector on one batch of instances of one OS and waits for every result.
    private func run(_ batch: [Target]) async throws -> [(String, Result<GuestOutput, CollectError>)] {
        let windows = batch[0].osType == "windows"
        var parameters = [
            "RegionId": region, "Type": windows ? "RunPowerShellScript" : "RunShellScript",
            "CommandContent": Data(try GuestScripts.command(windows: windows).utf8).base64EncodedString(),
            "ContentEncoding": "Base64", "Timeout": String(options.commandTimeout), "Name": "netdiag-collect",
        ]
        for (n, target) in batch.enumerated() { parameters["InstanceId.\(n + 1)"] = target.id }
        let answer = try JSONParser.parse(try await client.call(.ecs, "RunCommand", parameters))
        guard let invokeId = answer["InvokeId"]?.string else {
            throw CollectError.transport(action: "RunCommand", message: "the answer has no InvokeId")
        }
        let deadline = Date().addingTimeInterval(TimeInterval(options.commandTimeout + 30))
        var results: [String: Result<GuestOutput, CollectError>] = [:]
        while true {
            // One page holds a whole batch; the page count sits under `Invocation`, where paging does not look.
            let call = ListCall(.ecs, "DescribeInvocationResults",
                                ["RegionId": region, "InvokeId": invokeId, "ContentEncoding": "Base64",
                                 "PageNumber": "1", "PageSize": String(Self.batch)],
                                paging: .none, list: nil)
            for page in try await client.pages(call) {
                let doc = try JSONParser.parse(page)
                for item in Self.results(doc) { if let (id, r) = Self.outcome(item) { results[id] = r } }
            }
            if batch.allSatisfy({ results[$0.id] != nil }) || Date() > deadline { break }
            try await Task.sleep(nanoseconds: UInt64(options.pollInterval * 1e9))
        }
        return batch.map { target in
            (target.id, results[target.id] ?? .failure(.transport(action: "DescribeInvocationResults",
                message: "\(target.id): no result \(options.commandTimeout + 30) s after RunCommand \(invokeId)")))
        }
    }

    /// `Invocation.InvocationResults.InvocationResult[]`.
    static func results(_ doc: JSONValue) -> [JSONValue] {
        let inner = doc["Invocation"]?["InvocationResults"]?["InvocationResult"] ?? doc["Invocation"]?["InvocationResults"]
        if let a = inner?.array { return a }
        return inner?.object != nil ? [inner!] : []
    }

    static let finished: Set<String> = ["Success", "Failed", "Timeout", "Cancelled", "Terminated", "Error", "Invalid", "Aborted"]

    /// nil while the command is still pending or running on the instance.
    static func outcome(_ item: JSONValue) -> (String, Result<GuestOutput, CollectError>)? {
        guard let id = item["InstanceId"]?.string, let status = item["InvocationStatus"]?.string,
              finished.contains(status) else { return nil }
        let text = item["Output"]?.string.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let dropped = item["Dropped"]?.int ?? 0
        if let output = try? GuestOutput.decode(text, instanceId: id, dropped: dropped) { return (id, .success(output)) }
        let info = [item["ErrorCode"]?.string, item["ErrorInfo"]?.string].compactMap { $0 }.filter { !$0.isEmpty }
        let why = info.isEmpty ? "exit code \(item["ExitCode"]?.int ?? -1)" : info.joined(separator: ": ")
        return (id, .failure(.transport(action: "RunCommand", message: "\(id): the collector \(status.lowercased()) (\(why))")))
    }
}
