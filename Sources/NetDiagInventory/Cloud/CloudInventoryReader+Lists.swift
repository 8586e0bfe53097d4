import Foundation
import NetDiagModel

/// Prefix lists and port lists: the lists security group rules name instead of a CIDR or a port range.
extension CloudInventoryReader {
    static let prefixListAttributes = "DescribePrefixListAttributes"
    static let portRangeListEntries = "DescribePortRangeListEntries"

    /// `DescribePrefixLists` (entries inline, our older shape, or none, as the real API answers)
    /// with each list's `DescribePrefixListAttributes/<id>.json`, which holds the real entries. An
    /// attribute response is complete by itself, so one for a list `DescribePrefixLists` does not
    /// name is loaded too.
    func readPrefixLists() -> [PrefixList] {
        var lists: [PrefixList] = []
        var listed: Set<String> = []
        for c in items("DescribePrefixLists", "PrefixLists", "PrefixList") {
            guard let id = c["PrefixListId"].requiredString(), listed.insert(id).inserted else { continue }
            let name = c["PrefixListName"].string() ?? ""
            record("prefixLists/\(id)", c)
            if let attribute = prefixListAttribute(id, recordOrigin: false) {
                lists.append(PrefixList(id: id, name: attribute.name.isEmpty ? name : attribute.name, cidrs: attribute.cidrs))
            } else if c["Entries"].isAbsent {
                sink.warning("\(Self.prefixListAttributes)/\(id).json", id, "prefix list has no entries (neither inline Entries "
                             + "nor an attribute file); it is left out, so rules naming it cannot be evaluated")
            } else {
                lists.append(PrefixList(id: id, name: name, cidrs: cidrs(c.list("Entries", "Entry"), list: id)))
            }
        }
        for id in files.ids(inFolder: Self.prefixListAttributes) where !listed.contains(id) {
            guard let attribute = prefixListAttribute(id, recordOrigin: true) else { continue }
            lists.append(PrefixList(id: id, name: attribute.name, cidrs: attribute.cidrs))
        }
        return lists
    }

    /// The name and blocks of `DescribePrefixListAttributes/<id>.json` (pages concatenated), or nil
    /// when there is no such response. `Entries.Entry[]` as the API writes it, or flat `Entries[]`.
    /// `recordOrigin`: the list is known only from this response, which is then its origin.
    private func prefixListAttribute(_ id: String, recordOrigin: Bool) -> (name: String, cidrs: [String])? {
        guard let docs = files.documents("\(Self.prefixListAttributes)/\(id)") else { return nil }
        var name = ""
        var entries: [JSONCursor] = []
        for doc in docs {
            // Another list's blocks under this id would give definite verdicts on wrong addresses.
            if let other = doc["PrefixListId"].string(), other != id {
                sink.warning(doc.file, doc.path + ".PrefixListId", "the response is for \(other), not \(id); the file is ignored")
                return nil
            }
            if name.isEmpty, let listName = doc["PrefixListName"].string() { name = listName }
            entries += doc.list("Entries", "Entry")
        }
        if recordOrigin, let first = docs.first { record("prefixLists/\(id)", first) }
        return (name, cidrs(entries, list: id))
    }

    private func cidrs(_ entries: [JSONCursor], list id: String) -> [String] {
        entries.filter { $0.isObject() }.enumerated().compactMap { index, entry in
            locator.record("prefixLists/\(id)/cidrs[\(index)]", file: entry.file, path: entry.path + ".Cidr")
            return entry["Cidr"].requiredString()
        }
    }

    /// `DescribePortRangeLists` with each list's `DescribePortRangeListEntries/<id>.json`. A list
    /// without its entries is left out (with a warning): rules naming it are then undecidable,
    /// where an empty list would wrongly match nothing.
    func readPortRangeLists() -> [PortRangeList] {
        var known: Set<String> = []
        let lists: [PortRangeList] = items("DescribePortRangeLists", "PortRangeLists", "PortRangeList").compactMap { c in
            guard let id = c["PortRangeListId"].requiredString(), known.insert(id).inserted else { return nil }
            let name = c["PortRangeListName"].string() ?? "", family = c["AddressFamily"].string() ?? ""
            record("portRangeLists/\(id)", c)
            guard let docs = files.documents("\(Self.portRangeListEntries)/\(id)") else {
                sink.warning("\(Self.portRangeListEntries)/\(id).json", id, "port list has no entries file; it is left out, "
                             + "so rules naming it cannot be evaluated")
                return nil
            }
            var ranges: [PortRange] = []
            for entry in docs.flatMap({ $0.list("Entries", "Entry") }) where entry.isObject() {
                guard let range = portRange(entry["PortRange"], allowAny: false) else { continue }
                ranges.append(range)
            }
            return PortRangeList(id: id, name: name, addressFamily: family, ranges: ranges)
        }
        warnAboutOrphans(in: Self.portRangeListEntries, known: known, listedIn: "DescribePortRangeLists")
        return lists
    }
}
