import Foundation
import NetDiagModel

/// Reads a folder of the cloud's API responses into an `Inventory`, recording where each value
/// came from (for validation messages) and every type, parse and missing-file error in the sink.
/// Referential checks are not done here: `InventoryValidator` does them for every format.
final class CloudInventoryReader {
    /// The responses a folder must hold; every other one is optional.
    static let requiredFiles = ["DescribeVpcs", "DescribeVSwitches", "DescribeInstances",
                                "DescribeSecurityGroups", "DescribeRouteTableList"]

    let files: CloudFileReader
    let sink: IssueSink
    /// Where each model object and checked field was read; starts empty.
    var locator = SourceLocator(defaultFile: "")
    /// Each distinct valid port range text read so far: a region's 400,000 rules repeat a few
    /// hundred of them, and a lookup costs a fraction of a parse.
    private var portRanges: [String: PortRange] = [:]

    init(root: URL, sink: IssueSink) {
        files = CloudFileReader(root: root, sink: sink)
        self.sink = sink
    }

    /// Reads every response and links them into one inventory (guests are loaded elsewhere).
    func read() -> Inventory {
        for name in Self.requiredFiles where !files.exists(name) {
            sink.error(name + ".json", "", "missing required file (neither \(name).json nor a pages folder \(name)/ exists)")
        }
        var inventory = Inventory()
        inventory.prefixLists = readPrefixLists()
        inventory.portRangeLists = readPortRangeLists()
        inventory.vpcs = readVpcs()
        let regionByVpc = Dictionary(inventory.vpcs.map { ($0.id, $0.regionId) }, uniquingKeysWith: { a, _ in a })
        inventory.vswitches = readVSwitches(regionByVpc: regionByVpc)
        inventory.routeTables = readRouteTables()
        inventory.networkAcls = readNetworkAcls()
        inventory.securityGroups = readSecurityGroups()
        inventory.eips = readEips()
        let (instances, interfaces, instanceEips) = readInstancesAndInterfaces()
        inventory.instances = instances
        inventory.networkInterfaces = interfaces
        var listedIps = Set(inventory.eips.map(\.ip))
        for eip in instanceEips where listedIps.insert(eip.ip).inserted {
            inventory.eips.append(eip)
        }
        bindEips(&inventory)
        inventory.natGateways = readNatGateways()
        inventory.ipv4Gateways = readIpv4Gateways()
        inventory.regionId = (inventory.vpcs.map(\.regionId) + inventory.instances.map(\.regionId))
            .first { !$0.isEmpty } ?? ""
        return inventory
    }

    /// The documents of a response; an absent optional response is no documents.
    func documents(_ name: String) -> [JSONCursor] {
        files.documents(name) ?? []
    }

    /// The items of a list over every page of a response.
    func items(_ name: String, _ wrapper: String, _ item: String) -> [JSONCursor] {
        documents(name).flatMap { $0.list(wrapper, item) }.filter { $0.isObject() }
    }

    /// Records the origin of a model object (`key`) and of some of its fields
    /// (model field name → API field name under `cursor`).
    /// The field maps are kept once per distinct map and resolved only when an issue is located:
    /// one string per field and object cost gigabytes at region scale.
    func record(_ key: String, _ cursor: JSONCursor, fields: [String: String] = [:]) {
        // Callers pass shared (static) field maps, so each origin holds a reference, not a copy.
        locator.record(key, file: cursor.file, path: cursor.path, fields: fields)
    }

    /// Warns about per-resource responses (`folder/<id>.json`) whose id is not among `known`.
    func warnAboutOrphans(in folder: String, known: Set<String>, listedIn list: String) {
        for id in files.ids(inFolder: folder) where !known.contains(id) {
            sink.warning("\(folder)/\(id).json", id, "no such resource in \(list); the file is ignored")
        }
    }

    // MARK: Value helpers

    /// A port range `start/end` (`-1/-1` for every port); `fallback` when absent.
    /// `allowAny`: whether `-1/-1` (every port) is a valid value here; a port list entry names ports.
    func portRange(_ cursor: JSONCursor, fallback: PortRange? = nil, allowAny: Bool = true) -> PortRange? {
        let expected = "a port range start/end with 1 ≤ start ≤ end ≤ 65535" + (allowAny ? ", or -1/-1" : "")
        guard let text = cursor.string() else {
            if fallback == nil && (cursor.isAbsent || cursor.isEmptyString) {
                sink.error(cursor.file, cursor.path, "missing required value, expected a port range like 22/22" + (allowAny ? " or -1/-1" : ""))
            }
            return fallback
        }
        if let range = portRanges[text], allowAny || !range.isAny { return range }
        if let range = PortRange(text), allowAny || !range.isAny {
            portRanges[text] = range
            return range
        }
        cursor.invalid(text, expected: expected + (allowAny ? "" : " (a port list entry cannot be -1/-1)"))
        return nil
    }

    /// A lower-cased enum value among `allowed`; `fallback` when absent or `""`.
    func lowered(_ cursor: JSONCursor, _ allowed: [String], fallback: String? = nil) -> String? {
        guard let text = cursor.string() else {
            if fallback == nil && (cursor.isAbsent || cursor.isEmptyString) {
                sink.error(cursor.file, cursor.path, "missing required value, expected one of \(allowed.joined(separator: ", "))")
            }
            return fallback
        }
        let lower = text.lowercased()
        if allowed.contains(lower) { return lower }
        cursor.invalid(text, expected: "one of \(allowed.joined(separator: ", ")) (any case)")
        return nil
    }
}
