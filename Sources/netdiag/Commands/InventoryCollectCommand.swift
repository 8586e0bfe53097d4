import ArgumentParser
import Foundation
import NetDiagCollect

/// `netdiag inventory collect --region R --output DIR`: the region's configuration from the ECS
/// and VPC OpenAPI, and guest state through Cloud Assistant, as the folder the loader reads.
struct InventoryCollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Collect a region's network configuration (and guest state) from the cloud's API into DIR.",
        discussion: """
            Calls the ECS and VPC OpenAPI over HTTPS with signature V3, following every page, \
            then the per-id actions for each security group, route table, NAT table, prefix list \
            and port range list. Throttling and 5xx answers are retried with backoff. Credentials: \
            ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / _SECURITY_TOKEN, else a profile of \
            ~/.aliyun/config.json. The folder appears only when the collection is complete. \
            --guests runs the bundled collector through Cloud Assistant (RunCommand) on the \
            chosen running instances. Permissions and calls: docs/collect.md.
            """
    )

    @Option(name: .long, help: "The region id, e.g. cn-hangzhou.")
    var region: String

    @Option(name: .long, help: "The folder to write (must not exist or be empty, unless --replace).")
    var output: String

    @Option(name: .long, parsing: .upToNextOption, help: "Collect only these VPCs (default: every VPC of the region).")
    var vpc: [String] = []

    @Option(name: .long, parsing: .upToNextOption,
            help: "Guest state: all (every running instance), none (the default), or instance ids.")
    var guests: [String] = ["none"]

    @Option(name: .long, help: "An endpoint for every product (URL), or for one (ecs=URL, vpc=URL); repeatable.")
    var endpoint: [String] = []

    @Option(name: .long, help: "The ~/.aliyun/config.json profile to use (skips the environment's keys).")
    var profile: String?

    @Option(name: .long, help: "Requests in flight at once (1-64).")
    var concurrency = 8

    @Flag(name: .long, help: "Replace DIR if it exists (swapped out only once the new collection is complete).")
    var replace = false

    func validate() throws {
        guard (1...64).contains(concurrency) else {
            throw ValidationError("--concurrency \(concurrency): expected 1-64")
        }
        guard region.range(of: "^[a-z]{2,}(-[a-z0-9]+)+$", options: .regularExpression) != nil else {
            throw ValidationError("--region '\(region)': expected a region id such as cn-hangzhou")
        }
        for id in vpc where !id.hasPrefix("vpc-") || id.contains("/") {
            throw ValidationError("--vpc '\(id)': expected a VPC id (vpc-…)")
        }
    }

    func run() throws {
        let manifest = CollectManifest(region: region, vpcIds: vpc, guests: guests, endpoints: endpoint, profile: profile,
                                       collectedAt: ISO8601DateFormatter().string(from: Date()))
        let lines = try LiveCollection.run(.init(manifest: manifest, output: URL(fileURLWithPath: output),
                                                 replace: replace, concurrency: concurrency))
        lines.forEach { Console.out($0) }
    }
}
