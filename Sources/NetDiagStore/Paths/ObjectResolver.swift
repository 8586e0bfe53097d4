import Foundation
import NetDiagEngine
import NetDiagModel

/// A diagnostic object found in the inventory.
struct ResolvedObject {
    var field: String
    var kind: Endpoint.Kind
    /// The id or address as stored.
    var value: String
    var instance: Instance?
    var eni: NetworkInterface?

    /// The VPC of an instance or ENI; nil for a public address.
    var vpcId: String? {
        switch kind {
        case .instance: instance?.vpcId
        case .eni: eni?.vpcId
        case .publicIp: nil
        }
    }

    var regionId: String? { (instance?.regionId ?? eni?.regionId)?.nonEmpty }
    var resourceGroupId: String? { (instance?.resourceGroupId ?? eni?.resourceGroupId)?.nonEmpty }

    /// Instances must be Running; ENIs InUse, and a secondary ENI bound to an instance (which
    /// must be Running too, as traffic needs a live guest behind the ENI).
    func checkStatus() throws(PathValidationError) {
        func fail(_ code: PathValidationError.Code, _ detail: String) -> PathValidationError {
            PathValidationError(code, field: field, value: value, detail)
        }
        if kind == .eni, let eni {
            if eni.type == .secondary && (eni.instanceId ?? "").isEmpty {
                throw fail(.secondaryEniUnbound, "the secondary ENI is not bound to an instance; bind it first")
            }
            guard eni.status == "InUse" else {
                throw fail(.eniNotInUse, "the ENI is \(eni.status); it must be InUse")
            }
        }
        if let instance, instance.status != "Running" {
            let owner = kind == .instance ? "the instance is" : "its instance \(instance.id) is"
            throw fail(.objectNotRunning, "\(owner) \(instance.status); it must be Running")
        }
    }
}

extension Endpoint.Kind {
    /// `instance`, `ENI`, `public IP`, for messages.
    var label: String {
        switch self {
        case .instance: "instance"
        case .eni: "ENI"
        case .publicIp: "public IP"
        }
    }
}

/// Resolves one object of a path: its type (given or inferred from `i-`, `eni-` or an address)
/// and its inventory record.
struct ObjectResolver {
    let index: InventoryIndex
    /// `--source` or `--destination`.
    let field: String

    /// Private and shared address space: such an address is never a diagnostic object.
    static let privateBlocks = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].compactMap(CIDR.init)

    func resolve(_ text: String, type: String?) throws(PathValidationError) -> ResolvedObject {
        func fail(_ code: PathValidationError.Code, _ detail: String) -> PathValidationError {
            PathValidationError(code, field: field, value: text, detail)
        }
        let value = text.trimmingCharacters(in: .whitespaces)
        let inferred: Endpoint.Kind? = value.hasPrefix("i-") ? .instance
            : value.hasPrefix("eni-") ? .eni
            : IPAddress(value) != nil ? .publicIp : nil
        let kind: Endpoint.Kind
        if let type, !type.isEmpty {
            guard let given = Endpoint.Kind(rawValue: type.lowercased()) else {
                throw PathValidationError(.objectTypeUnknown, field: field + "-type", value: type,
                                          "must be instance, eni or public-ip")
            }
            guard inferred == nil || inferred == given else {
                throw fail(.objectTypeMismatch, "\(field)-type is \(given.rawValue) but the value is \(inferred!.article)")
            }
            kind = given
        } else {
            guard let inferred else {
                throw fail(.objectMalformed, "not an instance id (i-…), an ENI id (eni-…) or an IP address")
            }
            kind = inferred
        }
        switch kind {
        case .instance:
            guard let instance = index.instances[value] else {
                throw fail(.objectUnknown, "no instance with this id in the inventory")
            }
            return ResolvedObject(field: field, kind: kind, value: value, instance: instance,
                                  eni: index.interfacesByInstance[value]?.first)
        case .eni:
            guard let eni = index.networkInterfaces[value] else {
                throw fail(.objectUnknown, "no ENI with this id in the inventory")
            }
            return ResolvedObject(field: field, kind: kind, value: value,
                                  instance: eni.instanceId.flatMap { index.instances[$0] }, eni: eni)
        case .publicIp:
            guard let address = IPAddress(value) else {
                throw fail(.objectMalformed, "not an IP address")
            }
            if Self.privateBlocks.contains(where: { $0.contains(address) }) {
                let holder = index.interfaceByPrivateIp[value].map { eni in
                    "; use the instance or ENI holding it (\([eni.instanceId, eni.id].compactMap { $0 }.joined(separator: " or ")))"
                } ?? "; use the instance or ENI holding it"
                throw fail(.privateAddress, "a private address is not a public IP object\(holder)")
            }
            // A public address is judged by the rules (whether it is the region's and what it
            // reaches), not by the status checks that apply to instances and ENIs.
            return ResolvedObject(field: field, kind: kind, value: value, instance: nil, eni: nil)
        }
    }
}

extension Endpoint.Kind {
    var article: String {
        switch self {
        case .instance: "an instance id"
        case .eni: "an ENI id"
        case .publicIp: "an IP address"
        }
    }
}
