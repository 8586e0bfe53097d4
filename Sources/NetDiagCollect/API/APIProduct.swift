import Foundation

/// One OpenAPI product netdiag calls: its API version and regional endpoint.
public struct APIProduct: Hashable, Sendable {
    /// `ecs` or `vpc`: the endpoint's first label and the `--endpoint ecs=URL` key.
    public var name: String
    /// The `x-acs-version` the actions are called with.
    public var version: String

    public static let ecs = APIProduct(name: "ecs", version: "2014-05-26")
    public static let vpc = APIProduct(name: "vpc", version: "2016-04-28")
    public static let all: [APIProduct] = [.ecs, .vpc]

    /// `https://ecs.cn-hangzhou.aliyuncs.com`
    public func publicEndpoint(region: String) -> URL {
        URL(string: "https://\(name).\(region).aliyuncs.com")!
    }
}

/// Where each product's requests go: the public regional endpoints unless overridden
/// (`--endpoint URL` for every product, `--endpoint ecs=URL` for one).
public struct Endpoints: Sendable, Equatable {
    public var region: String
    public var overrides: [String: URL]

    public init(region: String, overrides: [String: URL] = [:]) {
        self.region = region
        self.overrides = overrides
    }

    /// Parses `--endpoint` values. - Throws: `CollectError.usage` naming the bad value.
    public static func parse(region: String, _ values: [String]) throws -> Endpoints {
        var overrides: [String: URL] = [:]
        for value in values {
            var product: String?, text = value
            if let eq = value.firstIndex(of: "="), !value[..<eq].contains("/") {
                product = String(value[..<eq])
                text = String(value[value.index(after: eq)...])
            }
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
                  scheme == "https" || scheme == "http", url.host != nil else {
                throw CollectError.usage("--endpoint '\(value)': expected an http(s) URL such as https://ecs-vpc.cn-hangzhou.aliyuncs.com, optionally as ecs=URL or vpc=URL")
            }
            if let product {
                guard APIProduct.all.contains(where: { $0.name == product }) else {
                    throw CollectError.usage("--endpoint '\(value)': unknown product '\(product)'; expected ecs or vpc")
                }
                overrides[product] = url
            } else {
                for p in APIProduct.all where overrides[p.name] == nil { overrides[p.name] = url }
            }
        }
        return Endpoints(region: region, overrides: overrides)
    }

    public func url(for product: APIProduct) -> URL {
        overrides[product.name] ?? product.publicEndpoint(region: region)
    }
}
