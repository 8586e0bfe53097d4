import NetDiagModel

/// A diagnostic object resolved against the inventory.
public struct Endpoint: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable { case instance, eni, publicIp = "public-ip" }

    public var kind: Kind
    /// The id or address the path names.
    public var id: String
    /// The address traffic uses: the primary private IP, or the public address.
    public var ip: String
    public var instance: Instance?
    /// The ENI traffic leaves or arrives on: the instance's primary ENI, the named ENI, or the
    /// ENI a region-owned public address is bound to.
    public var interface: NetworkInterface?

    /// Resolves an id (`i-…`, `eni-…`) or an IP address. Throws when an id is unknown or the
    /// text is neither an id nor an address.
    public static func resolve(_ text: String, in index: InventoryIndex) throws(EngineError) -> Endpoint {
        if text.hasPrefix("i-") {
            guard let instance = index.instances[text] else {
                throw .unresolvedEndpoint("unknown instance '\(text)': no such id in the inventory")
            }
            let eni = index.interfacesByInstance[text]?.first
            return Endpoint(kind: .instance, id: text, ip: eni?.primaryIp ?? instance.privateIps.first ?? "",
                            instance: instance, interface: eni)
        }
        if text.hasPrefix("eni-") {
            guard let eni = index.networkInterfaces[text] else {
                throw .unresolvedEndpoint("unknown network interface '\(text)': no such id in the inventory")
            }
            return Endpoint(kind: .eni, id: text, ip: eni.primaryIp,
                            instance: eni.instanceId.flatMap { index.instances[$0] }, interface: eni)
        }
        guard IPAddress(text) != nil else {
            throw .unresolvedEndpoint("'\(text)' is not an instance id (i-…), an ENI id (eni-…) or an IP address")
        }
        let eni = index.interfaceByPublicIp[text]
        return Endpoint(kind: .publicIp, id: text, ip: text,
                        instance: eni?.instanceId.flatMap { index.instances[$0] }, interface: eni)
    }
}
