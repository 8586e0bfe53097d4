import Foundation
import NetDiagModel

/// NAT gateways with their SNAT and DNAT (forward) tables.
extension CloudInventoryReader {
    func readNatGateways() -> [NatGateway] {
        let snatFolder = "DescribeSnatTableEntries", dnatFolder = "DescribeForwardTableEntries"
        var snatTables: Set<String> = [], dnatTables: Set<String> = []
        let gateways: [NatGateway] = items("DescribeNatGateways", "NatGateways", "NatGateway").compactMap { c in
            let id = c["NatGatewayId"].requiredString()
            let vpc = c["VpcId"].requiredString()
            let (type, status) = (c["NatType"].string(), c["Status"].string())
            let ips = c.list("IpLists", "IpList").filter { $0.isObject() }.compactMap { $0["IpAddress"].string() }
            let snatIds = c.strings("SnatTableIds", "SnatTableId")
            let dnatIds = c.strings("ForwardTableIds", "ForwardTableId")
            guard let id, let vpc else { return nil }
            record("natGateways/\(id)", c, fields: ["vpcId": "VpcId", "ips": "IpLists.IpList"])
            snatTables.formUnion(snatIds); dnatTables.formUnion(dnatIds)
            var gateway = NatGateway(id: id, vpcId: vpc, type: type ?? "Enhanced", status: status ?? "Available", ips: ips)
            for table in snatIds {
                gateway.snatEntries += tableEntries(snatFolder, table, gateway: id, "SnatTableEntries", "SnatTableEntry") {
                    self.snatEntry($0, gateway: id)
                }
            }
            for table in dnatIds {
                gateway.dnatEntries += tableEntries(dnatFolder, table, gateway: id, "ForwardTableEntries", "ForwardTableEntry") {
                    self.dnatEntry($0, gateway: id)
                }
            }
            return gateway
        }
        warnAboutOrphans(in: snatFolder, known: snatTables, listedIn: "DescribeNatGateways SnatTableIds")
        warnAboutOrphans(in: dnatFolder, known: dnatTables, listedIn: "DescribeNatGateways ForwardTableIds")
        return gateways
    }

    /// The entries of one SNAT or forward table from `<folder>/<table>.json`.
    private func tableEntries<T>(_ folder: String, _ table: String, gateway: String, _ wrapper: String, _ item: String,
                                 _ read: (JSONCursor) -> T?) -> [T] {
        guard let docs = files.documents("\(folder)/\(table)") else {
            sink.warning("\(folder)/\(table).json", gateway, "NAT gateway table \(table) has no entry file; it is loaded without these entries")
            return []
        }
        return docs.flatMap { $0.list(wrapper, item) }.filter { $0.isObject() }.compactMap(read)
    }

    private func snatEntry(_ c: JSONCursor, gateway: String) -> SnatEntry? {
        let id = c["SnatEntryId"].requiredString()
        let snatIp = c["SnatIp"].requiredString()
        let (cidr, vswitch, status) = (c["SourceCIDR"].string(), c["SourceVSwitchId"].string(), c["Status"].string())
        guard let id, let snatIp else { return nil }
        if cidr == nil && vswitch == nil {
            sink.error(c.file, c.path, "SNAT entry has neither SourceCIDR nor SourceVSwitchId")
            return nil
        }
        record("natGateways/\(gateway)/snatEntries/\(id)", c,
               fields: ["sourceCidr": "SourceCIDR", "sourceVSwitchId": "SourceVSwitchId", "snatIp": "SnatIp"])
        return SnatEntry(id: id, sourceCidr: cidr, sourceVSwitchId: vswitch, snatIp: snatIp, status: status ?? "Available")
    }

    private func dnatEntry(_ c: JSONCursor, gateway: String) -> DnatEntry? {
        let id = c["ForwardEntryId"].requiredString()
        let externalIp = c["ExternalIp"].requiredString(), internalIp = c["InternalIp"].requiredString()
        let externalPort = c["ExternalPort"].string()?.lowercased() ?? "any"
        let internalPort = c["InternalPort"].string()?.lowercased() ?? "any"
        let proto = lowered(c["IpProtocol"], ["tcp", "udp", "any"], fallback: "any")
        let status = c["Status"].string()
        guard let id, let externalIp, let internalIp, let proto else { return nil }
        record("natGateways/\(gateway)/dnatEntries/\(id)", c,
               fields: ["externalIp": "ExternalIp", "internalIp": "InternalIp", "externalPort": "ExternalPort",
                        "internalPort": "InternalPort", "protocol": "IpProtocol"])
        return DnatEntry(id: id, externalIp: externalIp, externalPort: externalPort, internalIp: internalIp,
                         internalPort: internalPort, protocol: proto, status: status ?? "Available")
    }
}
