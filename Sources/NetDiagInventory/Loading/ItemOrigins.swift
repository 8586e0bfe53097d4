/// Where the items of one collection inside one object were read (the rules of a security
/// group): one path per page and an array index per item, joined into an item's JSON path only
/// when a message names it. Recording a joined path under an id-based key per rule took 6–8 %
/// of loading a large region (400,000 rules), for the few that ever get a message.
struct ItemOrigins {
    private struct Page { var file: String; var path: String }
    private struct Item { var id: String; var page: Int; var index: Int?; var fields: [String: String] }

    private var pages: [Page] = []
    private var items: [Item] = []

    /// Records the item `id` read at `cursor`, with the API field each of some model fields was
    /// read from (as `SourceLocator.record`'s `fields`).
    mutating func add(_ id: String, _ cursor: JSONCursor, fields: [String: String]) {
        let (path, index) = cursor.splitPath
        if pages.last.map({ $0.file != cursor.file || $0.path != path }) ?? true {
            pages.append(Page(file: cursor.file, path: path))
        }
        items.append(Item(id: id, page: pages.count - 1, index: index, fields: fields))
    }

    /// Where the first item with `id` was read.
    func origin(of id: String) -> SourceLocator.Origin? {
        guard let item = items.first(where: { $0.id == id }) else { return nil }
        let page = pages[item.page]
        return SourceLocator.Origin(file: page.file, path: item.index.map { page.path + "[\($0)]" } ?? page.path,
                                    fields: item.fields)
    }
}
