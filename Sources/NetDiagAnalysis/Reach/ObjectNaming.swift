import NetDiagEngine

/// The values by which findings name one object of the region, and findings with those values
/// replaced by placeholders. Two objects of one class get findings equal after this, though each
/// names itself: the reverse query shares and compares its sources' findings in this form, and
/// the exposure scan shares findings between destinations; each puts an object's own names back.
/// - A source is named by its id, ENI, instance, primary address and (on the source's side of
///   the path) its list of groups.
/// - A destination is named by its id, ENI and instance only: its addresses are never replaced
///   (a rule's block such as `10.0.1.5/32` would hold one), so findings naming them are not shared.
struct ObjectNaming {
    /// (value, placeholder), longest value first.
    private let tokens: [(value: [UInt8], placeholder: String)]
    /// The source's groups as `security-group` evidence lists them (`sg-1,sg-2`).
    private let groups: String?
    static let groupsPlaceholder = "{source.groups}"

    init(source s: Destination) { self.init(s, role: "source") }

    init(destination d: Destination) { self.init(d, role: "destination") }

    private init(_ s: Destination, role: String) {
        let isSource = role == "source"
        var named: [(String, String)] = [(s.id, "{\(role)}")]
        if let eni = s.interface?.id, eni != s.id { named.append((eni, "{\(role).eni}")) }
        if let instance = s.instance?.id, instance != s.id { named.append((instance, "{\(role).instance}")) }
        if isSource, !s.address.isEmpty { named.append((s.address, "{\(role).address}")) }
        tokens = named.filter { !$0.0.isEmpty }.sorted { $0.0.utf8.count > $1.0.utf8.count }.map { (Array($0.0.utf8), $0.1) }
        let ids = s.interface?.securityGroupIds ?? []
        // One group's id alone is also how the group of a rule that decided is named: the egress
        // family's key tells one group from several, so that this stays unambiguous in a class.
        groups = isSource && !ids.isEmpty ? ids.joined(separator: ",") : nil
    }

    /// The findings with the object's names replaced in their evidence and messages.
    func abstract(_ findings: [Finding]) -> [Finding] {
        findings.map { f in
            var out = f
            let sourceSide = f.side != .destination
            out.evidence = Self.changing(f.evidence) { abstract($0, sourceSide: sourceSide) }
            out.message = abstract(f.message)
            return out
        }
    }

    /// `evidence` with `transform` applied to each value, rebuilt only when a value changes:
    /// most evidence names no object, and the scan shares findings by the thousand.
    private static func changing(_ evidence: [String: DataValue], _ transform: (DataValue) -> DataValue) -> [String: DataValue] {
        var out = evidence
        for (key, value) in evidence {
            let changed = transform(value)
            if changed != value { out[key] = changed }
        }
        return out
    }

    private func abstract(_ value: DataValue, sourceSide: Bool) -> DataValue {
        switch value {
        case .string(let s):
            if sourceSide, let groups, s == groups { return .string(Self.groupsPlaceholder) }
            return .string(abstract(s))
        case .array(let a): return .array(a.map { abstract($0, sourceSide: sourceSide) })
        case .object(let o): return .object(o.mapValues { abstract($0, sourceSide: sourceSide) })
        default: return value
        }
    }

    /// `text` with every whole occurrence of a name replaced: `10.0.1.1` is not replaced
    /// inside `10.0.1.12`, nor `i-1` inside `i-12`.
    func abstract(_ text: String) -> String {
        var text = text
        text.makeContiguousUTF8()
        var bytes: [UInt8] = []
        var changed = false
        text.utf8.withContiguousStorageIfAvailable { chars in
            var k = 0, copied = 0
            scan: while k < chars.count {
                if k == 0 || !Self.joins(chars[k - 1]) {
                    for t in tokens where chars.count - k >= t.value.count && chars[k] == t.value[0] {
                        let end = k + t.value.count
                        guard t.value.indices.allSatisfy({ chars[k + $0] == t.value[$0] }), !Self.continues(chars, at: end) else { continue }
                        bytes += chars[copied..<k]
                        bytes += t.placeholder.utf8
                        changed = true
                        k = end
                        copied = end
                        continue scan
                    }
                }
                k += 1
            }
            if changed { bytes += chars[copied...] }
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// An outcome of abstract findings as this source's own: each placeholder replaced by its name.
    func concrete(_ o: Outcome) -> Outcome {
        var out = o
        out.hops = o.hops.map { hop in
            var h = hop
            h.evidence = hop.evidence.mapValues(concrete)
            return h
        }
        out.blockers = o.blockers.map(concrete)
        return out
    }

    /// Abstract findings as this object's own: each placeholder in their evidence and messages
    /// replaced by its name.
    func concrete(_ findings: [Finding]) -> [Finding] {
        findings.map { f in
            var out = f
            out.evidence = Self.changing(f.evidence, concrete)
            out.message = concrete(f.message)
            return out
        }
    }

    private func concrete(_ value: DataValue) -> DataValue {
        switch value {
        case .string(let s): .string(concrete(s))
        case .array(let a): .array(a.map(concrete))
        case .object(let o): .object(o.mapValues(concrete))
        default: value
        }
    }

    private func concrete(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "{")) else { return text }
        var text = text
        text.makeContiguousUTF8()
        let names = tokens.map { (Array($0.placeholder.utf8), $0.value) } + [(Array(Self.groupsPlaceholder.utf8), Array((groups ?? "").utf8))]
        var bytes: [UInt8] = []
        text.utf8.withContiguousStorageIfAvailable { chars in
            var k = 0
            scan: while k < chars.count {
                if chars[k] == UInt8(ascii: "{") {
                    for (placeholder, value) in names where chars.count - k >= placeholder.count
                        && placeholder.indices.allSatisfy({ chars[k + $0] == placeholder[$0] }) {
                        bytes += value
                        k += placeholder.count
                        continue scan
                    }
                }
                bytes.append(chars[k])
                k += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Bytes that make a name part of a longer one: letters, digits, `-`, `_`, `.`.
    private static func joins(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F || c == 0x2E
    }

    /// Whether the name ending before `end` goes on (a dot is a sentence's end unless a digit follows).
    private static func continues(_ chars: UnsafeBufferPointer<UInt8>, at end: Int) -> Bool {
        guard end < chars.count else { return false }
        let c = chars[end]
        if c == 0x2E { return end + 1 < chars.count && chars[end + 1] >= 0x30 && chars[end + 1] <= 0x39 }
        return joins(c)
    }
}
