import NetDiagModel

/// Parses English `netsh advfirewall show allprofiles` output followed by (or alone, or only)
/// `netsh advfirewall firewall show rule name=all verbose` output into a `WindowsFirewall`.
///
/// Sections are recognised by their headers (`… Profile Settings:`, `Rule Name:`), so the two
/// commands may share one file in either order.
public enum NetshFirewallParser {
    public static func parse(_ text: String) throws(GuestParseError) -> WindowsFirewall {
        var profiles: [String: Bool] = [:]
        var policies: [String: String] = [:]
        var rules: [WindowsFirewallRule] = []
        var profile: String?
        var rule: (line: Int, fields: [String: String])?
        var sawNoRules = false

        func finishRule() throws(GuestParseError) {
            guard let open = rule else { return }
            rule = nil
            rules.append(try makeRule(open.fields, line: open.line))
        }

        for (offset, raw) in text.lines.enumerated() {
            let number = offset + 1
            let line = raw.trimmingTrailingBlanks()
            if line.isEmpty { try finishRule(); continue }
            // Indented lines continue a value (ICMP type/code tables); dashes underline headers.
            if line.first == " " || line.first == "\t" || line.hasPrefix("---") || line == "Ok." { continue }
            if line.hasPrefix("No rules match") { sawNoRules = true; continue }
            if line.hasSuffix("Profile Settings:") {
                try finishRule()
                profile = String(line.dropLast("Profile Settings:".count)).trimmingTrailingBlanks()
                continue
            }
            if let (key, value) = keyValue(line, colon: true) {
                if key == "Rule Name" {
                    try finishRule()
                    profile = nil
                    rule = (number, ["Rule Name": value])
                    continue
                }
                if rule != nil { rule!.fields[key] = value; continue }
            }
            guard let current = profile else { continue }
            // Profile settings are `Name<spaces>Value`, no colon.
            if let (key, value) = keyValue(line, colon: false) {
                if key == "State" {
                    guard value == "ON" || value == "OFF" else {
                        throw GuestParseError(line: number, "profile state \(value) is neither ON nor OFF")
                    }
                    profiles[current] = value == "ON"
                } else if key == "Firewall Policy" {
                    policies[current] = value
                }
            }
        }
        try finishRule()
        if profiles.isEmpty && rules.isEmpty && !sawNoRules {
            throw GuestParseError(line: 0, "no firewall profile or rule found (English netsh output expected)")
        }
        var firewall = WindowsFirewall(profiles: profiles, rules: rules)
        // ECS NICs sit on an unidentified network, which Windows files under the Public profile.
        let policy = policies["Public"] ?? policies.keys.sorted().compactMap { policies[$0] }.first
        if let policy {
            let parts = policy.split(separator: ",")
            if let inbound = parts.first(where: { $0.hasSuffix("Inbound") || $0.hasSuffix("InboundAlways") }) {
                firewall.defaultInbound = inbound.hasPrefix("Allow") ? "Allow" : "Block"
            }
            if let outbound = parts.first(where: { $0.hasSuffix("Outbound") }) {
                firewall.defaultOutbound = outbound.hasPrefix("Block") ? "Block" : "Allow"
            }
        }
        return firewall
    }

    private static func makeRule(_ f: [String: String], line: Int) throws(GuestParseError) -> WindowsFirewallRule {
        guard let enabled = f["Enabled"], let direction = f["Direction"], let action = f["Action"] else {
            throw GuestParseError(line: line, "rule \(f["Rule Name"] ?? "") lacks Enabled, Direction or Action")
        }
        return WindowsFirewallRule(
            name: f["Rule Name"] ?? "", enabled: enabled == "Yes", direction: direction, action: action,
            protocol: f["Protocol"] ?? "Any", localPort: f["LocalPort"] ?? "Any",
            remoteAddress: cidr(f["RemoteIP"] ?? "Any"), profiles: f["Profiles"] ?? "Any")
    }

    /// netsh prints blocks with dotted masks (`10.0.1.0/255.255.255.0`); the model speaks CIDR.
    /// Keywords (`LocalSubnet`) and ranges (`10.0.0.1-10.0.0.9`) are kept as printed.
    static func cidr(_ list: String) -> String {
        list.split(separator: ",").map { item -> String in
            let parts = item.split(separator: "/")
            guard parts.count == 2 else { return String(item) }
            let octets = parts[1].split(separator: ".").compactMap { UInt8($0) }
            guard octets.count == 4 else { return String(item) }
            let mask = octets.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let length = mask.nonzeroBitCount
            // Only a contiguous mask has a prefix length.
            guard length == 0 || mask == ~UInt32(0) << (32 - length) else { return String(item) }
            return "\(parts[0])/\(length)"
        }.joined(separator: ",")
    }

    /// `Key:   value` (rules) or `Key   value` (profiles, split at the first run of 2+ blanks).
    private static func keyValue(_ line: String, colon: Bool) -> (String, String)? {
        if colon {
            guard let c = line.firstIndex(of: ":") else { return nil }
            let key = String(line[..<c])
            // `C:\…` inside a profile line is not a key: keys are words, values start after blanks.
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == " " }) else { return nil }
            let value = line[line.index(after: c)...].drop(while: { $0 == " " || $0 == "\t" })
            return (key, String(value))
        }
        guard let gap = line.range(of: "  ") else { return nil }
        let key = String(line[..<gap.lowerBound])
        let value = line[gap.upperBound...].drop(while: { $0 == " " || $0 == "\t" })
        return (key, String(value))
    }
}
