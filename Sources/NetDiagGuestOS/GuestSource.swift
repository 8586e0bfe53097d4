/// One source the guest agent collects: its key in `system.json`'s `collected` and in
/// `GuestState.collected`, and the file in `os/<instance-id>/` that holds the tool's output.
public enum GuestSource: String, CaseIterable, Sendable {
    /// `iptables-save`
    case iptables
    /// `ip6tables-save`
    case ip6tables
    /// `nft -j list ruleset`
    case nft
    /// `ss -lntupH` (header optional)
    case ss
    /// `ip -j addr show`
    case interfaces
    /// `netsh advfirewall show allprofiles` then `netsh advfirewall firewall show rule name=all verbose`
    case netsh
    /// `netstat -ano`
    case netstat
    /// `tasklist /svc /fo csv /nh`
    case tasklist

    /// The file name inside the instance folder.
    public var fileName: String {
        switch self {
        case .iptables: return "iptables-save.txt"
        case .ip6tables: return "ip6tables-save.txt"
        case .nft: return "nft.json"
        case .ss: return "ss.txt"
        case .interfaces: return "interfaces.json"
        case .netsh: return "netsh-advfirewall.txt"
        case .netstat: return "netstat.txt"
        case .tasklist: return "tasklist.csv"
        }
    }

    /// `system.json`, beside the tool outputs.
    public static let systemFileName = "system.json"
}

/// The on-disk shape of `system.json`: `GuestSystem`'s fields, all optional but `osType`
/// (an agent may not know every figure), plus `collected` and when collection ran.
struct SystemFile: Codable {
    var osType: String
    var distribution: String?
    var version: String?
    var arch: String?
    var python: String?
    var cloudAssistant: Bool?
    var cpuPercent: Double?
    var memoryPercent: Double?
    var diskPercent: Double?
    var ephemeralPorts: PortRange?
    var collected: [String: String]?
    var collectedAt: String?

    var system: GuestSystem {
        GuestSystem(osType: osType, distribution: distribution ?? "", version: version ?? "",
                    arch: arch ?? "x86_64", python: python, cloudAssistant: cloudAssistant ?? false,
                    cpuPercent: cpuPercent, memoryPercent: memoryPercent, diskPercent: diskPercent,
                    ephemeralPorts: ephemeralPorts)
    }
}

import NetDiagModel
