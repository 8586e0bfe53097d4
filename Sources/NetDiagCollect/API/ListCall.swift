import NetDiagJSON

/// How an action pages its answer.
public enum Paging: Sendable, Equatable {
    /// One answer, no paging parameters.
    case none
    /// `PageNumber` from 1 and `PageSize`; done when `TotalCount` items have come (or a short page).
    case pageNumber(size: Int)
    /// `MaxResults` and `NextToken`; done when the answer's `NextToken` is empty.
    case nextToken(maxResults: Int)
}

/// One list action with its parameters, paging style and where its items are in the answer
/// (`SecurityGroups.SecurityGroup[]`), and the file it is written as.
public struct ListCall: Sendable {
    public var product: APIProduct
    public var action: String
    public var parameters: [String: String]
    public var paging: Paging
    /// The list's wrapper and item names; nil for per-id answers that are not counted.
    public var list: (wrapper: String, item: String)?
    /// The file name without `.json`, relative to the inventory folder.
    public var file: String

    public init(_ product: APIProduct, _ action: String, _ parameters: [String: String], paging: Paging,
                list: (wrapper: String, item: String)?, file: String? = nil) {
        self.product = product
        self.action = action
        self.parameters = parameters
        self.paging = paging
        self.list = list
        self.file = file ?? action
    }

    /// The items of one page (wrapped or flattened list; a single object is one item).
    func items(in page: JSONValue) -> [JSONValue] {
        guard let list, let outer = page[list.wrapper] else { return [] }
        let inner = outer.object != nil && outer[list.item] != nil ? outer[list.item]! : outer
        switch inner {
        case .array(let a): return a
        case .object(let o) where o.count > 0 && !(o.count == 1 && o.first?.key == list.item): return [inner]
        default: return []
        }
    }
}

extension OpenAPIClient {
    /// Every page of `call`, in order, as the raw bytes answered.
    /// - Throws: `CollectError` from the calls, or when the paging does not end (a repeated token,
    ///   more than 10,000 pages).
    public func pages(_ call: ListCall) async throws -> [[UInt8]] {
        var pages: [[UInt8]] = [], seenTokens: Set<String> = [], token: String?, pageNumber = 1, counted = 0
        while true {
            var parameters = call.parameters
            switch call.paging {
            case .none: break
            case .pageNumber(let size):
                parameters["PageNumber"] = String(pageNumber)
                parameters["PageSize"] = String(size)
            case .nextToken(let max):
                parameters["MaxResults"] = String(max)
                if let token { parameters["NextToken"] = token }
            }
            let bytes = try await self.call(call.product, call.action, parameters)
            let page: JSONValue
            do { page = try JSONParser.parse(bytes) } catch {
                throw CollectError.transport(action: call.action, message: "the answer is not JSON: \(error.message)")
            }
            pages.append(bytes)
            guard pages.count < 10_000 else {
                throw CollectError.transport(action: call.action, message: "more than 10,000 pages: paging does not end")
            }
            switch call.paging {
            case .none:
                return pages
            case .pageNumber(let size):
                let items = call.items(in: page).count
                counted += items
                let total = page["TotalCount"].flatMap { $0.int ?? $0.string.flatMap { Int($0) } }
                if items == 0 || (total.map { counted >= $0 } ?? (items < size)) { return pages }
                pageNumber += 1
            case .nextToken:
                guard let next = page["NextToken"]?.string, !next.isEmpty else { return pages }
                guard seenTokens.insert(next).inserted else {
                    throw CollectError.transport(action: call.action, message: "NextToken \"\(next)\" came back twice: paging does not end")
                }
                token = next
            }
        }
    }
}
