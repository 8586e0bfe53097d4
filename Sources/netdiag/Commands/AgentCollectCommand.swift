import ArgumentParser
import Foundation
import NetDiagGuestOS

/// `netdiag agent collect --output DIR [--instance-id ID]`: runs on a Linux guest (or inside a
/// network namespace through `ip netns exec`) and writes `DIR/os/<instance-id>/`.
struct AgentCollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Collect this Linux guest's state into DIR/os/<instance-id>/.",
        discussion: """
            Runs iptables-save, ip6tables-save, nft -j list ruleset, ss -lntup and ip -j addr show \
            (a tool that is not installed is recorded as missing), and writes system.json with the \
            OS, Python, agent and load figures. Put the os/ folder beside the inventory to let the \
            guest-OS rules use it. Run as root: the firewall tools need it.
            """
    )

    @Option(name: .long, help: "Folder to write into; os/<instance-id>/ is created inside it.")
    var output: String

    @Option(name: .customLong("instance-id"),
            help: "The instance id naming the folder (default: NETDIAG_INSTANCE_ID, else the hostname).")
    var instanceId: String?

    func run() throws {
        let collector = LinuxAgentCollector(instanceId: instanceId)
        let folder: URL
        do {
            folder = try collector.collect(into: URL(fileURLWithPath: output))
        } catch let error as CollectorError {
            throw CLIError(error.message)
        } catch {
            throw CLIError("cannot write \(output): \(error.localizedDescription)")
        }
        Console.out("collected \(collector.instanceId) into \(folder.path)")
    }
}
