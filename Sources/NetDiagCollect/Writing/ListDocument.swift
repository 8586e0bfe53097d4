import NetDiagJSON

/// A list response netdiag writes itself rather than as received (one page, wrapped list).
enum ListDocument {
    static func render(region: String, wrapper: String, item: String, _ items: [JSONValue]) -> [UInt8] {
        var inner = JSONObject(), top = JSONObject()
        inner.keys = [item]
        inner.values = [.array(items)]
        top.keys = ["RegionId", "TotalCount", wrapper]
        top.values = [.string(region), .int(items.count), .object(inner)]
        return Array((JSONValue.object(top).jsonText + "\n").utf8)
    }
}
