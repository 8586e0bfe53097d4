/// The field names an interpreter has been sent, each with a small slot of the C decoder's key
/// cache (`'k'` in the byte format), so that decoding a view finds each name's interned Lua
/// string by slot instead of hashing it into the interpreter's string table again. One per
/// interpreter; names past `capacity` travel as plain strings.
final class PayloadKeys {
    static let capacity = Int(UInt16.max)
    private var slots: [String: UInt16] = [:]

    /// The slot of `key`, assigning the next free one; nil when the cache is full.
    func slot(_ key: String) -> UInt16? {
        if let slot = slots[key] { return slot }
        guard slots.count < Self.capacity else { return nil }
        let slot = UInt16(slots.count + 1)
        slots[key] = slot
        return slot
    }
}
