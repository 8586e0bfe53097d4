import Foundation
import Testing
@testable import NetDiagInventory
import NetDiagModel

@Suite("The bundled example region")
struct ExampleRegionTests {
    let loaded: LoadedInventory

    init() throws { loaded = try InventoryLoader.load(path: exampleRegion) }

    @Test func loadsWithoutWarnings() {
        #expect(loaded.warnings == [], "\(loaded.warnings.map(\.description))")
        #expect(loaded.format == .cloudResponses)
        #expect(loaded.contentHash.count == 16)
        #expect(loaded.inventory.regionId == "cn-hangzhou")
    }

    @Test func counts() {
        let counts = Dictionary(uniqueKeysWithValues: loaded.inventory.counts)
        #expect(counts["vpcs"] == 2)
        #expect(counts["vswitches"] == 4)
        #expect(counts["instances"] == 10)
        #expect(counts["networkInterfaces"] == 12)  // 10 primary + eni-app1-sec + eni-spare
        #expect(counts["securityGroups"] == 6)
        #expect(counts["routeTables"] == 3)
        #expect(counts["networkAcls"] == 2)
        #expect(counts["eips"] == 3)
        #expect(counts["natGateways"] == 1)
        #expect(counts["prefixLists"] == 1)
    }

    @Test func interfacesAndAddresses() throws {
        let index = InventoryIndex(loaded.inventory)
        #expect(index.interfacesByInstance["i-app1"]?.map(\.id) == ["eni-app1", "eni-app1-sec"])
        #expect(index.instances["i-web1"]?.eip == "47.96.10.1")
        #expect(index.instances["i-bastion"]?.publicIps == ["47.96.20.5"])
        #expect(index.instances["i-bastion"]?.internetMaxBandwidthOut == 5)  // written as "5"
        #expect(index.instances["i-win1"]?.osType == "windows")
        let synthesized = try #require(index.networkInterfaces["eni-web2"])
        #expect(synthesized.type == .primary && synthesized.status == "InUse" && synthesized.vswitchId == "vsw-web")
        #expect(synthesized.securityGroupIds == ["sg-web"] && synthesized.primaryIp == "10.0.1.11")
        #expect(index.networkInterfaces["eni-stopped"]?.status == "Stopped")
        #expect(index.networkInterfaces["eni-spare"]?.instanceId == nil)
        #expect(index.networkInterfaces["eni-spare"]?.status == "Available")
        #expect(index.interfaceByPublicIp["47.96.10.1"]?.id == "eni-web1")
    }

    @Test func routesAndAcls() throws {
        let index = InventoryIndex(loaded.inventory)
        let web = try #require(index.effectiveRouteTable(forVSwitch: "vsw-web"))
        #expect(web.id == "vtb-web" && web.type == .custom)
        #expect(web.entries.contains { $0.destination == "0.0.0.0/0" && $0.nextHops == [NextHop(type: "NatGateway", id: "ngw-prod")] })
        let app = try #require(index.effectiveRouteTable(forVSwitch: "vsw-app"))
        #expect(app.id == "vtb-prod-system" && app.type == .system)
        #expect(app.entries.contains { $0.destination == "100.64.0.0/10" && $0.nextHops.first?.type == "service" })
        #expect(app.entries.filter { $0.nextHops.first?.type == "local" }.map(\.destination)
                == ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"])
        #expect(index.networkAcl(forVSwitch: "vsw-web")?.id == "nacl-web")
        #expect(index.networkAcl(forVSwitch: "vsw-app") == nil)
        let db = try #require(index.networkAcl(forVSwitch: "vsw-db"))
        #expect(db.vswitchIds == ["vsw-db"])
        #expect(db.egress.first?.portRange == PortRange(start: 32768, end: 65535))
        #expect(db.ingress.last?.policy == .drop && db.ingress.last?.protocol == "all" && db.ingress.last?.portRange == .any)
    }

    @Test func securityGroupRules() throws {
        let index = InventoryIndex(loaded.inventory)
        let app = try #require(index.securityGroups["sg-app"])
        #expect(app.type == .normal && app.innerAccessPolicy == .drop)
        let drop = try #require(app.rules.first { $0.id == "sgr-app-deny-web2" })
        #expect(drop.policy == .drop && drop.priority == 1 && drop.protocol == "tcp" && drop.cidr == "10.0.1.11/32")
        #expect(drop.portRange == PortRange(start: 8080, end: 8080) && drop.groupId == nil)
        let api = try #require(app.rules.first { $0.id == "sgr-app-api" })
        #expect(api.groupId == "sg-web" && api.priority == 10 && api.cidr == nil && api.direction == .ingress)
        #expect(app.rules.first { $0.id == "sgr-app-ssh-office" }?.prefixListId == "pl-office")
        #expect(index.securityGroups["sg-db"]?.type == .enterprise)
        let egress = try #require(index.securityGroups["sg-web"]?.rules.first { $0.direction == .egress })
        #expect(egress.protocol == "all" && egress.portRange.isAny && egress.cidr == "0.0.0.0/0")
        #expect(loaded.inventory.prefixLists.first?.cidrs == ["203.0.113.0/24", "198.51.100.16/28"])
    }

    @Test func natGateway() throws {
        let nat = try #require(loaded.inventory.natGateways.first)
        #expect(nat.id == "ngw-prod" && nat.ips == ["47.96.30.1"])
        #expect(nat.snatEntries == [SnatEntry(id: "snat-app", sourceCidr: "10.0.2.0/24", sourceVSwitchId: "vsw-app", snatIp: "47.96.30.1")])
        #expect(nat.dnatEntries == [DnatEntry(id: "fwd-app1-ssh", externalIp: "47.96.30.1", externalPort: "8022",
                                              internalIp: "10.0.2.10", internalPort: "22", protocol: "tcp")])
    }

    @Test func yamlRoundTrip() throws {
        let yaml = try InventoryExporter.yaml(loaded.inventory)
        let folder = try TempFolder(["region.yaml": yaml])
        defer { folder.remove() }
        let again = try InventoryLoader.load(path: folder.url.appendingPathComponent("region.yaml"))
        #expect(again.format == .yaml)
        #expect(again.warnings == [])
        #expect(again.inventory == loaded.inventory)
    }

    @Test func hashIsStable() throws {
        let again = try InventoryLoader.load(path: exampleRegion)
        #expect(again.contentHash == loaded.contentHash)
    }
}
