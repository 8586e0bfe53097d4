import Foundation
import NetDiagEngine
import NetDiagModel

/// Diagnoses a list of paths on one engine, timing each.
struct EngineRun {
    var seconds: [Double] = []
    var verdicts: [String: Int] = [:]
    var errorFindings = 0
    var findings = 0

    var latency: BenchmarkReport.Latency { .init(seconds: seconds) }

    /// Runs `warmup` untimed, then times every path of `measured`.
    static func measure(_ engine: RuleEngine, warmup: [DiagnosisRequest], measured: [DiagnosisRequest],
                        only: Set<String>? = nil) throws -> EngineRun {
        for request in warmup { _ = try engine.diagnose(request, only: only) }
        var run = EngineRun()
        run.seconds.reserveCapacity(measured.count)
        var clock = Stopwatch()
        for request in measured {
            clock.reset()
            let diagnosis = try engine.diagnose(request, only: only)
            run.seconds.append(clock.lap())
            run.verdicts[diagnosis.result.rawValue, default: 0] += 1
            run.findings += diagnosis.findings.count
            run.errorFindings += diagnosis.findings.filter { $0.status == .error }.count
        }
        return run
    }
}

/// One RuleEngine per thread, each warmed up on its own paths, then all started together.
enum ParallelRun {
    struct Result { var perSecond: Double; var luaPeakMiB: Double }

    /// Collects what the threads report.
    private final class Box: @unchecked Sendable {
        let condition = NSCondition()
        var ready = 0, done = 0, go = false
        var error: Error?
        var luaPeak = 0
    }

    static func measure(index: InventoryIndex, folders: [String], threads: Int, diagnoses: Int, warmup: Int,
                        seed: UInt64) throws -> Result {
        let box = Box()
        var start = ContinuousClock.now
        for t in 0..<threads {
            var sampler = PathSampler(index.inventory, seed: seed &+ UInt64(t + 1) &* 7919)
            let warm = sampler.take(warmup), paths = sampler.take(diagnoses)
            let thread = Thread {
                var engine: RuleEngine?
                do {
                    let e = try RuleEngine(folders: folders)
                    try e.bind(index)
                    for request in warm { _ = try e.diagnose(request) }
                    engine = e
                } catch {
                    box.condition.lock(); box.error = error; box.condition.unlock()
                }
                box.condition.lock()
                box.ready += 1
                box.condition.broadcast()
                while !box.go { box.condition.wait() }
                box.condition.unlock()
                do {
                    if let engine { for request in paths { _ = try engine.diagnose(request) } }
                } catch {
                    box.condition.lock(); box.error = error; box.condition.unlock()
                }
                box.condition.lock()
                box.luaPeak = max(box.luaPeak, engine?.memoryPeak ?? 0)
                box.done += 1
                box.condition.broadcast()
                box.condition.unlock()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        box.condition.lock()
        while box.ready < threads { box.condition.wait() }
        start = ContinuousClock.now
        box.go = true
        box.condition.broadcast()
        while box.done < threads { box.condition.wait() }
        let elapsed = ContinuousClock.now - start
        box.condition.unlock()
        if let error = box.error { throw error }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return Result(perSecond: Double(threads * diagnoses) / seconds, luaPeakMiB: Double(box.luaPeak) / 1_048_576)
    }
}
