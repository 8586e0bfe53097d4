import Foundation
import GRDB
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

    @Test("two store handles write at once without busy errors")
    func concurrentWriters() throws {
        let first = try Fixtures.store()
        let url = first.url
        let failures = Failures()
        // Each writer opens its own handle (its own connections), as two processes would.
        DispatchQueue.concurrentPerform(iterations: 2) { n in
            do {
                let store = try PathStore(url: url)
                for k in 0..<20 { _ = try store.createPath(Fixtures.definition("w\(n)-\(k)"), startTask: nil) }
            } catch { failures.add("\(error)") }
        }
        #expect(failures.all.isEmpty)
        #expect(try first.paths().count == 40)
    }
}

final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
