import Foundation
import NetDiagCollect
#if canImport(Glibc)
import Glibc
#endif

/// Runs a live collection for `inventory collect` and `--refresh`: credentials, client, progress
/// on a terminal (stderr), the atomic folder write, and a summary of what the guests gave.
enum LiveCollection {
    struct Settings {
        var manifest: CollectManifest
        var output: URL
        var replace: Bool
        var concurrency: Int
        /// Overrides the manifest's guest selection for this run (a refresh), which the new
        /// folder's manifest does not record.
        var guests: GuestSelection? = nil
        /// Keep the guest folders of this earlier collection that are not collected again.
        var carryGuestsFrom: URL? = nil
    }

    /// - Returns: the summary lines to print. - Throws: `CLIError` naming what went wrong.
    static func run(_ settings: Settings) throws -> [String] {
        let m = settings.manifest
        do {
            let credentials = try CredentialResolver().resolve(profile: m.profile)
            let endpoints = try Endpoints.parse(region: m.region, m.endpoints)
            let guests = try settings.guests ?? GuestSelection.parse(m.guests)
            let writer = try InventoryFolderWriter(target: settings.output, replace: settings.replace)
            try writer.writeFile(CollectManifest.fileName, try m.encoded())
            let onTerminal = isatty(STDERR_FILENO) == 1
            let client = OpenAPIClient(endpoints: endpoints, credentials: credentials, concurrency: settings.concurrency,
                                       onTransportRetry: { failure, next, attempts, delay in
                if onTerminal { Console.progress(nil) }
                Console.error("warning: \(failure); attempt \(next) of \(attempts) in \(String(format: "%.1f", delay)) s")
            })
            var collector = RegionCollector(client: client, region: m.region, vpcIds: m.vpcIds, guests: guests,
                                            progress: { p in
                if onTerminal {
                    Console.progress("collecting \(m.region): \(p.finished)/\(p.known) actions (\(p.action))")
                }
            })
            collector.carryGuestsFrom = settings.carryGuestsFrom
            let configured = collector
            let summary = try wait { try await configured.collect(into: writer) }
            if onTerminal { Console.progress(nil) }
            var lines = ["collected \(m.region) into \(settings.output.path): \(summary.files) files, \(summary.requests) requests (\(summary.retries) retried), credentials from \(credentials.origin)"]
            let g = summary.guests
            if guests != .none {
                lines.append("guests: \(g.collected.count) collected, \(g.agentMissing.count) without the Cloud Assistant agent, \(g.notRunning.count) not running, \(g.failed.count) failed")
                if summary.carriedGuests > 0 { lines.append("guests kept from the previous collection: \(summary.carriedGuests)") }
                for (id, why) in g.failed { lines.append("warning: guest \(id): \(why); its OS checks will be skipped") }
            }
            return lines
        } catch let error as CollectError {
            throw CLIError(error.description)
        }
    }

    /// Runs async work from the synchronous command and waits for it.
    private static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}
