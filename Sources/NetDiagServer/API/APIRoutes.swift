import Foundation
import Hummingbird
import NetDiagEngine
import NetDiagInventory
import NetDiagStore

/// The JSON API under `/api` (docs/server.md). Objects are the CLI's `--format json` shapes.
struct APIRoutes: Sendable {
    let workspace: ServerWorkspace
    let runner: TaskRunner
    let catalog: RuleCatalog
    let configuration: ServerConfiguration
    var store: any WorkspaceStore { workspace.store }

    func register(on router: Router<ServerContext>) {
        let api = router.group("api")
        api.get("paths") { _, _ in try await handle { try await listPaths() } }
        api.post("paths") { request, _ in try await handle { try await createPath(request) } }
        api.get("paths/:id") { _, context in try await handle { try await showPath(try context.parameters.require("id")) } }
        api.delete("paths/:id") { _, context in try await handle { try await deletePath(try context.parameters.require("id")) } }
        api.post("paths/:id/clone") { request, context in
            try await handle { try await clonePath(try context.parameters.require("id"), request) }
        }
        api.post("paths/:id/diagnose") { request, context in
            try await handle { try await diagnose(try context.parameters.require("id"), request) }
        }
        api.get("paths/:id/tasks") { _, context in try await handle { try await pathTasks(try context.parameters.require("id")) } }
        api.get("tasks/:id") { _, context in try await handle { try await showTask(try context.parameters.require("id")) } }
        api.delete("tasks/:id") { _, context in try await handle { try await deleteTask(try context.parameters.require("id")) } }
        api.get("tasks/:id/report") { request, context in
            try await handle { try await report(try context.parameters.require("id"), format: request.uri.queryParameters["format"].map(String.init)) }
        }
        api.get("tasks/:id/diagram.svg") { _, context in try await handle { try await diagram(try context.parameters.require("id")) } }
        api.get("inventory") { _, _ in try await handle { try await inventory() } }
        api.put("inventory") { request, _ in try await handle { try await selectInventory(request) } }
        api.get("rules") { _, _ in try await handle { try await rules() } }
        api.get("rules/problems") { _, _ in try await handle { try await ruleProblems() } }
        api.get("keep") { _, _ in try await handle { try await keep() } }
        api.put("keep") { request, _ in try await handle { try await setKeep(request) } }
    }

    /// Runs a handler; whatever it throws becomes the error reply.
    private func handle(_ body: () async throws -> Response) async throws -> Response {
        do { return try await body() } catch { return Reply.error(APIError.from(error)) }
    }

    private func listPaths() async throws -> Response {
        let (paths, latest) = try await Blocking.run { [store] in (try store.paths(), try store.latestTasks()) }
        return try Reply.json(encoding: paths.map { RecordViews.PathView($0, latest: latest[$0.id]) })
    }

    private func createPath(_ request: Request) async throws -> Response {
        let fields = try PathFields(try await RequestBody.read(request, limit: configuration.maxBodyBytes, allowed: PathFields.names))
        let spec = try fields.spec()
        return try await create(spec, diagnose: fields.diagnose)
    }

    private func clonePath(_ id: String, _ request: Request) async throws -> Response {
        let fields = try PathFields(try await RequestBody.read(request, limit: configuration.maxBodyBytes, allowed: PathFields.names))
        let original = try await Blocking.run { [store] in try store.path(id) }
        return try await create(PathSpec(original.definition).overridden(by: fields.overrides), diagnose: fields.diagnose)
    }

    /// Validates against the workspace inventory, stores the path and its first task in one
    /// transaction, and queues the task: the reply comes back with the task `running`.
    private func create(_ spec: PathSpec, diagnose: Bool) async throws -> Response {
        if diagnose { try refuseWhileStopping() }
        let (path, task) = try await Blocking.run { [workspace, runner] in
            let loaded = try workspace.load()
            let definition = try loaded.validator.validate(spec)
            let rules = diagnose ? try runner.ruleSet() : nil
            let inputs = rules.map { TaskInputs(inventoryPath: loaded.selected.path, inventoryHash: loaded.loaded.contentHash, ruleSetHash: $0.hash) }
            let (path, start) = try workspace.store.createPath(definition, startTask: inputs)
            if let start, let rules { runner.submit(start.task, path: path, index: loaded.index, rules: rules) }
            return (path, start?.task)
        }
        var object: [String: DataValue] = ["path": try RecordViews.value(RecordViews.PathView(path, latest: task))]
        if let task { object["task"] = .object(try RecordViews.taskJSON(task)) }
        return try Reply.json(.object(object), status: .created)
    }

    private func showPath(_ id: String) async throws -> Response {
        let (path, tasks) = try await Blocking.run { [store] in (try store.path(id), try store.tasks(pathId: id)) }
        var object = try RecordViews.value(RecordViews.PathView(path, latest: tasks.last))
        if case .object(var fields) = object {
            fields["tasks"] = .array(try tasks.reversed().map { try RecordViews.value(RecordViews.TaskSummary($0)) })
            object = .object(fields)
        }
        return try Reply.json(object)
    }

    private func deletePath(_ id: String) async throws -> Response {
        let deleted = try await Blocking.run { [store] in
            let count = try store.tasks(pathId: id).count
            try store.deletePath(id)
            return count
        }
        return try Reply.json(.object(["deleted": .string(id), "tasksDeleted": .int(deleted)]))
    }

    private func diagnose(_ id: String, _ request: Request) async throws -> Response {
        // It takes no fields; one sent (`{"port": 443}`) would otherwise be silently ignored.
        _ = try await RequestBody.read(request, limit: configuration.maxBodyBytes, allowed: [])
        try refuseWhileStopping()
        let (task, pruned) = try await Blocking.run { [workspace, runner] in
            let path = try workspace.store.path(id)
            let loaded = try workspace.load()
            let rules = try runner.ruleSet()
            let inputs = TaskInputs(inventoryPath: loaded.selected.path, inventoryHash: loaded.loaded.contentHash, ruleSetHash: rules.hash)
            let start = try workspace.store.startTask(pathId: id, inputs: inputs)
            runner.submit(start.task, path: path, index: loaded.index, rules: rules)
            return (start.task, start.pruned)
        }
        let notes = pruned.isEmpty ? [] : ["pruned \(pruned.count) old task record(s) of this path to stay within the per-path cap: \(pruned.joined(separator: ", "))"]
        return try Reply.json(.object(try RecordViews.taskJSON(task, notes: notes)), status: .accepted)
    }

    /// The rule files that do not load, each with its file, line and message.
    private func ruleProblems() async throws -> Response {
        let problems = try await Blocking.run { [catalog] in try catalog.load().problems }
        return try Reply.json(.array(problems.map { problem in
            var object: [String: DataValue] = ["file": .string(problem.file), "message": .string(problem.message)]
            if let line = problem.line { object["line"] = .int(line) }
            return .object(object)
        }))
    }

    /// Once the server is told to stop it takes no new task (docs/server.md, "Stopping").
    private func refuseWhileStopping() throws {
        if let reason = runner.stopping {
            throw APIError(.serviceUnavailable, "serverStopping",
                           "this server is stopping (\(reason)) and starts no new diagnostic tasks; retry when it is back or on another server")
        }
    }

    /// `netdiag task keep`: how many task records each path keeps.
    private func keep() async throws -> Response {
        let keep = try await Blocking.run { [store] in try store.keepPerPath() }
        return try Reply.json(.object(["keep": .int(keep)]))
    }

    /// `netdiag task keep N`: the range and message are the CLI's. Older records go when the
    /// path's next task starts, as in the CLI.
    private func setKeep(_ request: Request) async throws -> Response {
        let body = try await RequestBody.read(request, limit: configuration.maxBodyBytes, allowed: ["keep"])
        let range = "\(StoreLimits.keepRange.lowerBound)–\(StoreLimits.keepRange.upperBound)"
        guard let keep = try body.int("keep", expected: "a whole number \(range)") else {
            throw APIError(.badRequest, "missingField", "missing keep: the number of task records each path keeps, \(range)", field: "keep")
        }
        let kept = try await Blocking.run { [store] in try store.setKeepPerPath(keep); return try store.keepPerPath() }
        return try Reply.json(.object(["keep": .int(kept)]))
    }

    private func pathTasks(_ id: String) async throws -> Response {
        let tasks = try await Blocking.run { [store] in _ = try store.path(id); return try store.tasks(pathId: id) }
        return try Reply.json(encoding: tasks.reversed().map(RecordViews.TaskSummary.init))
    }

    private func showTask(_ id: String) async throws -> Response {
        let task = try await Blocking.run { [store] in try store.task(id) }
        var object = try RecordViews.taskJSON(task)
        if let report = task.report {
            object["hops"] = try RecordViews.value(PathHops.hops(for: report))
        }
        return try Reply.json(.object(object))
    }

    private func deleteTask(_ id: String) async throws -> Response {
        try await Blocking.run { [store] in try store.deleteTask(id) }
        return try Reply.json(.object(["deleted": .string(id)]))
    }

    /// The report as a download: `format=text` (the CLI's text report) or `json` (the default).
    private func report(_ id: String, format: String?) async throws -> Response {
        guard ["text", "json", nil].contains(format) else {
            throw APIError(.badRequest, "formatUnknown", "format must be text or json, got '\(format ?? "")'", field: "format", value: format)
        }
        let task = try await Blocking.run { [store] in try store.task(id) }
        guard let report = task.report else {
            throw APIError(.conflict, "taskRunning", StoreError.taskRunning(taskId: id).description)
        }
        if format == "text" { return Reply.text(TextReport.render(report) + "\n", download: "\(id).txt") }
        let json = try JSONReport.encoder(pretty: true).encode(DataValue.object(try RecordViews.taskJSON(task)))
        return Reply.bytes(json, type: "application/json; charset=utf-8", download: "\(id).json")
    }

    private func diagram(_ id: String) async throws -> Response {
        let task = try await Blocking.run { [store] in try store.task(id) }
        return Reply.text(PathDiagram.svg(task: task), type: "image/svg+xml; charset=utf-8")
    }

    private func inventory() async throws -> Response {
        let selected = try await Blocking.run { [store] in try store.workspaceInventory() }
        var object: [String: DataValue] = ["folders": .array(configuration.inventoryRoots.map(DataValue.string))]
        if let selected { object["path"] = .string(selected.path); object["contentHash"] = .string(selected.contentHash) }
        return try Reply.json(.object(object))
    }

    private func selectInventory(_ request: Request) async throws -> Response {
        let body = try await RequestBody.read(request, limit: configuration.maxBodyBytes, allowed: ["path"])
        guard let path = try body.string("path"), !path.isEmpty else {
            throw APIError(.badRequest, "missingField", "missing path: an inventory folder or YAML file inside the server's inventory folders", field: "path")
        }
        let loaded = try await Blocking.run { [workspace] in try workspace.select(path) }
        return try Reply.json(.object([
            "path": .string(ServerConfiguration.canonical(path)), "contentHash": .string(loaded.contentHash),
            "regionId": .string(loaded.inventory.regionId), "warnings": .array(loaded.warnings.map { .string("\($0)") }),
        ]))
    }

    private func rules() async throws -> Response {
        let rules = try await Blocking.run { [catalog] in try catalog.load().rules }
        return try Reply.json(.array(rules.map { rule in
            .object(["id": .string(rule.id), "title": .string(rule.title), "category": .string(rule.category),
                     "severity": .string(rule.severity.rawValue), "side": .string(rule.side.rawValue),
                     "reasons": .array(rule.reasons.keys.sorted().map(DataValue.string))])
        }))
    }
}
