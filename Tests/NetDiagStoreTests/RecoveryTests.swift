import Foundation
import GRDB
import NetDiagEngine
import Testing
@testable import NetDiagStore

struct RecoveryTests {
    @Test("a running task whose process died is failed with the reason when the store opens")
    func deadOwner() throws {
        let dead = ProcessIdentity(pid: try Fixtures.deadPid(), startTime: nil, bootId: ProcessIdentity.currentBootId)
        let crashed = try Fixtures.store(owner: dead)
        let (_, start) = try crashed.createPath(Fixtures.definition("crashed"), startTask: Fixtures.inputs)
        let reopened = try PathStore(url: crashed.url)
        let (live, alive) = try reopened.createPath(Fixtures.definition("alive"), startTask: Fixtures.inputs)
        #expect(reopened.recoveredOnOpen.map(\.id) == [start!.task.id])
        let task = try reopened.task(start!.task.id)
        #expect(task.status == .failed && task.result == "Error")
        #expect(task.reason == "the netdiag process (pid \(dead.pid)) ended before the task finished")
        // This process's own task is left running, and a third opener agrees.
        let third = try PathStore(url: crashed.url)
        #expect(third.recoveredOnOpen.isEmpty)
        #expect(try third.task(alive!.task.id).status == .running && live.name == "alive")
        #expect(try third.integrityCheck() == "ok")
    }

    @Test("a reused pid (same pid, another start time) or another boot does not keep a task alive")
    func reusedPid() throws {
        let me = ProcessIdentity.current
        #expect(me.isAlive())
        if let start = me.startTime {
            #expect(!ProcessIdentity(pid: me.pid, startTime: start + 1, bootId: me.bootId).isAlive())
        }
        if me.bootId != nil {
            #expect(!ProcessIdentity(pid: me.pid, startTime: me.startTime, bootId: "another-boot").isAlive())
        }
        #expect(!ProcessIdentity(pid: try Fixtures.deadPid(), startTime: nil, bootId: nil).isAlive())
    }

    @Test("PostgreSQL: a task whose process's session ended is failed by the next opener; live sessions keep theirs")
    func postgresDeadSession() throws {
        guard Backend.postgres.available else { return }
        let crashed = try #require(try Backend.postgres.store() as? PostgresStore)
        let (_, start) = try crashed.createPath(Fixtures.definition("crashed"), startTask: Fixtures.inputs)
        let survivor = try #require(try reopen(crashed) as? PostgresStore)
        let (_, alive) = try survivor.createPath(Fixtures.definition("alive"), startTask: Fixtures.inputs)
        #expect(survivor.recoveredOnOpen.isEmpty)
        crashed.close()
        let reopened = try reopen(survivor)
        #expect(reopened.recoveredOnOpen.map(\.id) == [start!.task.id])
        let task = try reopened.task(start!.task.id)
        #expect(task.status == .failed && task.result == "Error")
        #expect(task.reason == "the netdiag process (pid \(getpid())) ended before the task finished")
        #expect(try reopened.task(alive!.task.id).status == .running)
        // The dead owner's late verdict does not overwrite the failure.
        #expect(try survivor.finishTask(start!.task.id, diagnosis: Diagnosis(request: Fixtures.definition().request, findings: [])).status == .failed)
    }

    @Test("PostgreSQL: a session ended by the server is replaced on the next operation; its task is given up")
    func postgresReconnect() throws {
        guard Backend.postgres.available else { return }
        let store = try #require(try Backend.postgres.store() as? PostgresStore)
        let (path, start) = try store.createPath(Fixtures.definition("before"), startTask: Fixtures.inputs)
        let oldKey = store.session.key
        let backendPid = try #require(Int32(oldKey.split(separator: ":")[1]))
        let admin = try PostgresSession(url: store.url)
        // With a timeout the call waits until the backend has exited; without one it returns at
        // once and the dying session can still be listed as alive by the next write.
        #expect(try admin.query("SELECT pg_terminate_backend(\(backendPid), 5000)").first?.decode(Bool.self) == true)
        #expect(try store.paths().map(\.name) == ["before"])
        #expect(store.session.key != oldKey)
        // The old session's task has no owner any more: the next write fails it.
        let (_, next) = try store.createPath(Fixtures.definition("after"), startTask: Fixtures.inputs)
        #expect(try store.task(start!.task.id).status == .failed)
        #expect(try store.task(next!.task.id).status == .running && next!.task.ownerBootId == store.session.key)
        #expect(try store.tasks(pathId: path.id).count == 1)
    }

    @Test("two store handles write at once without busy errors", arguments: Backend.allCases)
    func concurrentWriters(_ backend: Backend) throws {
        guard backend.available else { return }
        let first = try backend.store()
        let failures = Failures()
        // Each writer opens its own handle (its own connections), as two processes would.
        DispatchQueue.concurrentPerform(iterations: 2) { n in
            do {
                let store = try reopen(first)
                for k in 0..<20 { _ = try store.createPath(Fixtures.definition("w\(n)-\(k)"), startTask: nil) }
            } catch { failures.add("\(error)") }
        }
        #expect(failures.all.isEmpty)
        #expect(try first.paths().count == 40)
    }

    @Test("handles racing to start tasks: exactly 5 run in the region, the rest get the limit's message", arguments: Backend.allCases)
    func concurrencyAcrossHandles(_ backend: Backend) throws {
        guard backend.available else { return }
        let first = try backend.store()
        let paths = try (0..<12).map { try first.createPath(Fixtures.definition("r\($0)"), startTask: nil).0 }
        let outcomes = Failures()
        // Every handle stays open to the end: a PostgreSQL handle that closes gives up its tasks.
        let handles = try (0..<3).map { _ in try reopen(first) }
        DispatchQueue.concurrentPerform(iterations: 3) { n in
            for path in paths[(n * 4)..<(n * 4 + 4)] {
                do { _ = try handles[n].startTask(pathId: path.id, inputs: Fixtures.inputs); outcomes.add("started") }
                catch StoreError.concurrencyLimit(_, 5, let running) { outcomes.add("refused \(running.count)") }
                catch { outcomes.add("error \(error)") }
            }
        }
        #expect(outcomes.all.filter { $0 == "started" }.count == 5)
        #expect(outcomes.all.filter { $0 == "refused 5" }.count == 7)
        #expect(try first.tasks().filter { $0.status == .running }.count == 5)
    }
}

final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
