import CLuaShim

/// What Lua may ask of Swift: inventory objects for the lazy tables, and `log` lines.
/// Reached through an unretained pointer the engine keeps alive.
final class CallbackHost {
    var views: InventoryViews?
    private var writer: PayloadWriter
    /// Rule id by load slot, for log lines.
    var ruleIds: [String] = []
    var logs: [String] = []
    /// Called with each log line as it is written (for `--verbose`).
    var logSink: ((String) -> Void)?

    /// `keys`: the interpreter's field names (see `PayloadKeys`).
    init(keys: PayloadKeys) { writer = PayloadWriter(keys: keys) }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    func answer(selector: Int32, argument: String, out: UnsafeMutablePointer<nd_buffer>) -> Int32 {
        if selector < 0 {
            let slot = Int(-selector)
            let line = "\(slot < ruleIds.count ? ruleIds[slot] : "rule"): \(argument)"
            logs.append(line)
            logSink?(line)
            return Int32(ND_CALLBACK_NONE)
        }
        guard let collection = InventoryCollection(rawValue: selector) else {
            return fail("unknown inventory collection \(selector)", out)
        }
        guard let views else { return fail("no inventory is loaded", out) }
        do {
            writer.reset()
            guard try views.write(collection, argument, into: &writer) else {
                return Int32(ND_CALLBACK_NONE)
            }
            guard writer.bytes.withUnsafeBytes({ nd_buffer_append(out, $0.baseAddress, $0.count) }) == 0 else {
                return fail("out of memory", out)
            }
            return Int32(ND_CALLBACK_VALUE)
        } catch {
            return fail("cannot build the view of \(collection.luaName)[\(argument)]: \(error)", out)
        }
    }

    private func fail(_ message: String, _ out: UnsafeMutablePointer<nd_buffer>) -> Int32 {
        out.pointee.length = 0
        _ = message.utf8CString.withUnsafeBytes { nd_buffer_append(out, $0.baseAddress, $0.count - 1) }
        return Int32(ND_CALLBACK_ERROR)
    }
}

/// The C entry point for every Swift callback; it never touches the Lua state.
let hostCallback: nd_callback = { context, selector, argument, length, out in
    guard let context, let out else { return Int32(ND_CALLBACK_ERROR) }
    let host = Unmanaged<CallbackHost>.fromOpaque(context).takeUnretainedValue()
    let text = argument.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
    return host.answer(selector: selector, argument: text, out: out)
}
