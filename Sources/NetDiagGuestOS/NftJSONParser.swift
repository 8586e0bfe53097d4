import NetDiagJSON
import Foundation
import NetDiagModel

/// Parses `nft -j list ruleset` into an `NftRuleset`: tables of every family, their chains
/// (hook, priority and policy for base chains), named sets with elements as text, and rules
/// reduced to matches and a verdict (see `NftExpressionDecoder`).
public enum NftJSONParser {
    public static func parse(_ text: String) throws(GuestParseError) -> NftRuleset {
        try parse(Data(text.utf8))
    }

    /// Throws when the data is not JSON or not shaped like `{"nftables":[…]}`.
    public static func parse(_ data: Data) throws(GuestParseError) -> NftRuleset {
        let root = try JSONValue.parse(data)
        guard let items = root["nftables"]?.array else {
            throw GuestParseError(line: 0, "not nft -j output: no top-level \"nftables\" array")
        }
        var builder = Builder()
        for (index, item) in items.enumerated() {
            guard let object = item.object, object.count == 1, let (kind, body) = object.first else {
                throw GuestParseError(line: 0, "nftables[\(index)] is not a single-key object")
            }
            switch kind {
            case "table": try builder.table(body, index: index)
            case "chain": try builder.chain(body, index: index)
            case "set": try builder.set(body, index: index)
            case "rule": try builder.rule(body, index: index)
            // metainfo, maps, elements, flowtables, stateful objects: nothing a filter verdict needs.
            default: continue
            }
        }
        return NftRuleset(tables: builder.tables)
    }

    private struct Builder {
        var tables: [NftTable] = []

        private func required(_ body: JSONValue, _ key: String, _ index: Int) throws(GuestParseError) -> String {
            guard let value = body[key]?.string else {
                throw GuestParseError(line: 0, "nftables[\(index)]: missing \"\(key)\"")
            }
            return value
        }

        /// The table's index, creating it when a chain or set names a table not listed first.
        private mutating func tableIndex(_ body: JSONValue, _ index: Int) throws(GuestParseError) -> Int {
            let family = try required(body, "family", index)
            let name = try required(body, "table", index)
            if let found = tables.firstIndex(where: { $0.family == family && $0.name == name }) { return found }
            tables.append(NftTable(family: family, name: name))
            return tables.count - 1
        }

        mutating func table(_ body: JSONValue, index: Int) throws(GuestParseError) {
            let family = try required(body, "family", index)
            let name = try required(body, "name", index)
            if !tables.contains(where: { $0.family == family && $0.name == name }) {
                tables.append(NftTable(family: family, name: name))
            }
        }

        mutating func chain(_ body: JSONValue, index: Int) throws(GuestParseError) {
            let t = try tableIndex(body, index)
            let name = try required(body, "name", index)
            let chain = NftChain(name: name, hook: body["hook"]?.string, priority: body["prio"]?.int,
                                 policy: body["policy"]?.string, type: body["type"]?.string)
            if let found = tables[t].chains.firstIndex(where: { $0.name == name }) {
                let rules = tables[t].chains[found].rules
                tables[t].chains[found] = chain
                tables[t].chains[found].rules = rules
            } else {
                tables[t].chains.append(chain)
            }
        }

        mutating func set(_ body: JSONValue, index: Int) throws(GuestParseError) {
            let t = try tableIndex(body, index)
            let name = try required(body, "name", index)
            let elements: [String]
            switch body["elem"] {
            case .array(let list)?: elements = list.map(NftExpressionDecoder.text(of:))
            case let single?: elements = [NftExpressionDecoder.text(of: single)]
            case nil: elements = []
            }
            tables[t].sets[name] = elements
        }

        mutating func rule(_ body: JSONValue, index: Int) throws(GuestParseError) {
            let t = try tableIndex(body, index)
            let chainName = try required(body, "chain", index)
            guard let handle = body["handle"]?.int else {
                throw GuestParseError(line: 0, "nftables[\(index)]: rule without a handle")
            }
            guard let expressions = body["expr"]?.array else {
                throw GuestParseError(line: 0, "nftables[\(index)]: rule without \"expr\"")
            }
            if !tables[t].chains.contains(where: { $0.name == chainName }) {
                tables[t].chains.append(NftChain(name: chainName))
            }
            let rule = NftExpressionDecoder.rule(handle: handle, expressions: expressions,
                                                 comment: body["comment"]?.string)
            let c = tables[t].chains.firstIndex(where: { $0.name == chainName })!
            tables[t].chains[c].rules.append(rule)
        }
    }
}
