import NetDiagJSON

/// `DescribePrefixLists` does not return a list's CIDRs; `DescribePrefixListAttributes` does, one
/// list per call. The collected `DescribePrefixLists.json` carries each list's `Entries` from its
/// attribute answer (the shape docs/inventory-format.md documents), and the attribute answers are
/// kept too, under `DescribePrefixListAttributes/`.
enum PrefixListFolding {
    static func fold(_ lists: [JSONValue], attributes: [(String, [[UInt8]])], region: String) -> [UInt8] {
        var entries: [String: JSONValue] = [:]
        for (file, pages) in attributes where file.hasPrefix("DescribePrefixListAttributes/") {
            let id = String(file.dropFirst("DescribePrefixListAttributes/".count))
            if let page = pages.first, let doc = try? JSONParser.parse(page), let value = doc["Entries"] {
                entries[id] = value
            }
        }
        let items: [JSONValue] = lists.map { item in
            guard var object = item.object, let id = item["PrefixListId"]?.string, let value = entries[id] else { return item }
            if let at = object.keys.firstIndex(of: "Entries") {
                object.values[at] = value
            } else {
                object.keys.append("Entries")
                object.values.append(value)
            }
            return .object(object)
        }
        return ListDocument.render(region: region, wrapper: "PrefixLists", item: "PrefixList", items)
    }
}
