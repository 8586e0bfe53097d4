import NetDiagModel

/// Turns any `Encodable` model value into a read-only Lua table, with the model's property
/// names as field names: a field added to the model reaches rules with no other change.
enum LuaPayloadEncoder {
    static func encode<T: Encodable>(_ value: T) throws -> LuaPayload {
        let encoder = NodeEncoder(codingPath: [])
        try value.encode(to: encoder)
        return encoder.node.payload
    }
}

/// The tree being encoded; reference type so nested containers can fill it in place. The
/// containers are stored apart from the kind so that appending never copies them.
private final class Node {
    enum Kind { case empty, scalar, keyed, unkeyed }
    var kind: Kind = .empty
    var scalar: LuaPayload = .null
    var fields: [(String, Node)] = []
    var items: [Node] = []

    func setScalar(_ value: LuaPayload) { kind = .scalar; scalar = value }

    var payload: LuaPayload {
        switch kind {
        case .empty: return .null
        case .scalar: return scalar
        case .keyed: return .record(fields.map { ($0.0, $0.1.payload) })
        case .unkeyed: return .list(items.map(\.payload))
        }
    }
}

private struct NodeEncoder: Encoder {
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let node: Node

    init(codingPath: [CodingKey], node: Node = Node()) {
        self.codingPath = codingPath
        self.node = node
    }

    private var target: Node { node }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if target.kind != .keyed { target.kind = .keyed; target.fields = [] }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: target, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if target.kind != .unkeyed { target.kind = .unkeyed; target.items = [] }
        return UnkeyedNodeContainer(node: target, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        SingleNodeContainer(node: target, codingPath: codingPath)
    }
}

/// Encodes one value into a fresh node, using scalars directly and nested encoders otherwise.
private func encodeValue<T: Encodable>(_ value: T, codingPath: [CodingKey]) throws -> Node {
    let node = Node()
    switch value {
    case let s as String: node.setScalar(.string(s))
    case let b as Bool: node.setScalar(.bool(b))
    case let i as Int: node.setScalar(.int(i))
    case let d as Double: node.setScalar(.double(d))
    // Rules compare ports, so ranges arrive as numbers rather than "22/22".
    case let r as PortRange: node.setScalar(.range(r.start, r.end))
    default: try value.encode(to: NodeEncoder(codingPath: codingPath, node: node))
    }
    return node
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [CodingKey]

    private func append(_ key: Key, _ child: Node) { node.fields.append((key.stringValue, child)) }

    mutating func encodeNil(forKey key: Key) throws {}
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        append(key, try encodeValue(value, codingPath: codingPath + [key]))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey> {
        let child = Node()
        child.kind = .keyed
        append(key, child)
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        let child = Node()
        child.kind = .unkeyed
        append(key, child)
        return UnkeyedNodeContainer(node: child, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> Encoder { NodeEncoder(codingPath: codingPath, node: node) }
    mutating func superEncoder(forKey key: Key) -> Encoder {
        let child = Node()
        append(key, child)
        return NodeEncoder(codingPath: codingPath + [key], node: child)
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [CodingKey]
    var count: Int { node.items.count }

    private func append(_ child: Node) { node.items.append(child) }

    mutating func encodeNil() throws { append(Node()) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        append(try encodeValue(value, codingPath: codingPath))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey> {
        let child = Node()
        child.kind = .keyed
        append(child)
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let child = Node()
        child.kind = .unkeyed
        append(child)
        return UnkeyedNodeContainer(node: child, codingPath: codingPath)
    }
    mutating func superEncoder() -> Encoder {
        let child = Node()
        append(child)
        return NodeEncoder(codingPath: codingPath, node: child)
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [CodingKey]

    mutating func encodeNil() throws { node.setScalar(.null) }
    mutating func encode(_ value: Bool) throws { node.setScalar(.bool(value)) }
    mutating func encode(_ value: String) throws { node.setScalar(.string(value)) }
    mutating func encode(_ value: Double) throws { node.setScalar(.double(value)) }
    mutating func encode(_ value: Float) throws { node.setScalar(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { node.setScalar(.int(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        if let i = value as? any BinaryInteger { node.setScalar(.int(Int(i))); return }
        let child = try encodeValue(value, codingPath: codingPath)
        node.kind = child.kind; node.scalar = child.scalar; node.fields = child.fields; node.items = child.items
    }
}
