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

/// The tree being encoded; reference type so nested containers can fill it in place.
private final class Node {
    enum Kind { case empty, scalar(LuaPayload), keyed([(String, Node)]), unkeyed([Node]) }
    var kind: Kind = .empty

    var payload: LuaPayload {
        switch kind {
        case .empty: return .null
        case .scalar(let p): return p
        case .keyed(let fields): return .record(fields.map { ($0.0, $0.1.payload) })
        case .unkeyed(let items): return .list(items.map(\.payload))
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
        if case .keyed = target.kind {} else { target.kind = .keyed([]) }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: target, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if case .unkeyed = target.kind {} else { target.kind = .unkeyed([]) }
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
    case let s as String: node.kind = .scalar(.string(s))
    case let b as Bool: node.kind = .scalar(.bool(b))
    case let i as Int: node.kind = .scalar(.int(i))
    case let d as Double: node.kind = .scalar(.double(d))
    // Rules compare ports, so ranges arrive as numbers rather than "22/22".
    case let r as PortRange: node.kind = .scalar(.record([("start", .int(r.start)), ("end", .int(r.end))]))
    default: try value.encode(to: NodeEncoder(codingPath: codingPath, node: node))
    }
    return node
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [CodingKey]

    private func append(_ key: Key, _ child: Node) {
        guard case .keyed(var fields) = node.kind else { return }
        fields.append((key.stringValue, child))
        node.kind = .keyed(fields)
    }

    mutating func encodeNil(forKey key: Key) throws {}
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        append(key, try encodeValue(value, codingPath: codingPath + [key]))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey> {
        let child = Node()
        child.kind = .keyed([])
        append(key, child)
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        let child = Node()
        child.kind = .unkeyed([])
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
    var count: Int { if case .unkeyed(let items) = node.kind { return items.count } else { return 0 } }

    private func append(_ child: Node) {
        guard case .unkeyed(var items) = node.kind else { return }
        items.append(child)
        node.kind = .unkeyed(items)
    }

    mutating func encodeNil() throws { append(Node()) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        append(try encodeValue(value, codingPath: codingPath))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey> {
        let child = Node()
        child.kind = .keyed([])
        append(child)
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let child = Node()
        child.kind = .unkeyed([])
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

    mutating func encodeNil() throws { node.kind = .scalar(.null) }
    mutating func encode(_ value: Bool) throws { node.kind = .scalar(.bool(value)) }
    mutating func encode(_ value: String) throws { node.kind = .scalar(.string(value)) }
    mutating func encode(_ value: Double) throws { node.kind = .scalar(.double(value)) }
    mutating func encode(_ value: Float) throws { node.kind = .scalar(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { node.kind = .scalar(.int(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        if let i = value as? any BinaryInteger { node.kind = .scalar(.int(Int(i))); return }
        node.kind = try encodeValue(value, codingPath: codingPath).kind
    }
}
