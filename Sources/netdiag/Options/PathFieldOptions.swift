import ArgumentParser
import NetDiagStore

/// The fields of a path other than its name, as options: required ones are checked by the
/// command (`path clone` takes every one as an override).
struct PathFieldOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Source: an instance id (i-…), an ENI id (eni-…) or a public IP.", valueName: "id|ip"))
    var source: String?

    @Option(help: ArgumentHelp("instance, eni or public-ip (inferred from --source when left out).", valueName: "type"))
    var sourceType: String?

    @Option(help: ArgumentHelp("Destination: an instance id, an ENI id or a public IP.", valueName: "id|ip"))
    var destination: String?

    @Option(help: ArgumentHelp("instance, eni or public-ip (inferred from --destination when left out).", valueName: "type"))
    var destinationType: String?

    @Option(name: .customLong("protocol"), help: "tcp, udp, icmp or gre.")
    var proto: String?

    @Option(help: ArgumentHelp("Destination port for tcp and udp: 1–65535 or \(PortNames.all.map(\.name).joined(separator: ", ")). None for icmp and gre.",
                               valueName: "n|name"))
    var port: String?

    @Option(help: ArgumentHelp("The path's VPC (default: the source's, else the destination's).", valueName: "vpc-id"))
    var vpc: String?

    @Option(help: ArgumentHelp("The region (default: the inventory's).", valueName: "region-id"))
    var region: String?

    @Option(help: ArgumentHelp("The resource group (default: the VPC's).", valueName: "id"))
    var resourceGroup: String?

    /// A spec for a new path; the source, destination and protocol are required.
    func spec(name: String?) throws -> PathSpec {
        guard let source else { throw CLIError("missing --source: an instance id (i-…), an ENI id (eni-…) or a public IP") }
        guard let destination else { throw CLIError("missing --destination: an instance id (i-…), an ENI id (eni-…) or a public IP") }
        guard let proto else { throw CLIError("missing --protocol: tcp, udp, icmp or gre") }
        return PathSpec(name: name, regionId: region, resourceGroupId: resourceGroup, vpcId: vpc, source: source,
                        sourceType: sourceType, destination: destination, destinationType: destinationType,
                        protocol: proto, port: port)
    }

    /// What `path clone` changes: every option given.
    var overrides: PathOverrides {
        PathOverrides(regionId: region, resourceGroupId: resourceGroup, vpcId: vpc, source: source, sourceType: sourceType,
                      destination: destination, destinationType: destinationType, protocol: proto, port: port)
    }
}
