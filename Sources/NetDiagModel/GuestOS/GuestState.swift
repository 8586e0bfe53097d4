/// What the guest agent collected on one instance (`os/<instance-id>/`).
public struct GuestState: Codable, Hashable, Sendable {
    public var instanceId: String
    public var system: GuestSystem?
    /// Per collected source (`iptables`, `ip6tables`, `nft`, `ss`, `netsh`, `netstat`, …): `ok`,
    /// `missing` (the tool is not installed) or `failed: <why>`. A source absent here was not collected.
    public var collected: [String: String] = [:]
    public var iptables: IptablesRuleset?
    public var ip6tables: IptablesRuleset?
    public var nftables: NftRuleset?
    public var windowsFirewall: WindowsFirewall?
    public var listeners: [Listener]?
    public var interfaces: [GuestInterface]?

    public init(instanceId: String, system: GuestSystem? = nil, collected: [String: String] = [:],
                iptables: IptablesRuleset? = nil, ip6tables: IptablesRuleset? = nil,
                nftables: NftRuleset? = nil, windowsFirewall: WindowsFirewall? = nil,
                listeners: [Listener]? = nil, interfaces: [GuestInterface]? = nil) {
        self.instanceId = instanceId; self.system = system; self.collected = collected
        self.iptables = iptables; self.ip6tables = ip6tables; self.nftables = nftables
        self.windowsFirewall = windowsFirewall; self.listeners = listeners; self.interfaces = interfaces
    }
}

/// `system.json`: the guest's OS, agent and load.
public struct GuestSystem: Codable, Hashable, Sendable {
    /// `linux` or `windows`.
    public var osType: String
    /// e.g. `ubuntu`, `centos`, `alinux`, `windows-server`.
    public var distribution: String = ""
    public var version: String = ""
    public var arch: String = "x86_64"
    /// The Python version on the guest (`3.8.10`), or nil when there is none.
    public var python: String?
    public var cloudAssistant: Bool = false
    public var cpuPercent: Double?
    public var memoryPercent: Double?
    public var diskPercent: Double?
    /// The ports outgoing connections take their source port from (Linux:
    /// `net.ipv4.ip_local_port_range`), or nil when not collected.
    public var ephemeralPorts: PortRange?

    public init(osType: String, distribution: String = "", version: String = "", arch: String = "x86_64",
                python: String? = nil, cloudAssistant: Bool = false, cpuPercent: Double? = nil,
                memoryPercent: Double? = nil, diskPercent: Double? = nil, ephemeralPorts: PortRange? = nil) {
        self.osType = osType; self.distribution = distribution; self.version = version; self.arch = arch
        self.python = python; self.cloudAssistant = cloudAssistant; self.cpuPercent = cpuPercent
        self.memoryPercent = memoryPercent; self.diskPercent = diskPercent; self.ephemeralPorts = ephemeralPorts
    }
}

/// A network interface as the guest sees it.
public struct GuestInterface: Codable, Hashable, Sendable {
    public var name: String
    public var up: Bool
    /// Addresses with prefix, e.g. `10.0.1.5/24`.
    public var addresses: [String] = []

    public init(name: String, up: Bool, addresses: [String] = []) {
        self.name = name; self.up = up; self.addresses = addresses
    }
}

/// A listening socket (`ss -lntup`, `netstat -ano`).
public struct Listener: Codable, Hashable, Sendable {
    /// `tcp` or `udp`.
    public var `protocol`: String
    /// The bound address: an IP, `0.0.0.0`, `::` or `*`.
    public var address: String
    public var port: Int
    public var process: String?
    public var pid: Int?

    public init(protocol: String, address: String, port: Int, process: String? = nil, pid: Int? = nil) {
        self.protocol = `protocol`; self.address = address; self.port = port; self.process = process
        self.pid = pid
    }
}

extension GuestState {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        instanceId = try c.decode(String.self, forKey: .instanceId)
        system = try c.decodeIfPresent(GuestSystem.self, forKey: .system)
        collected = try c.decodeIfPresent([String: String].self, forKey: .collected) ?? [:]
        iptables = try c.decodeIfPresent(IptablesRuleset.self, forKey: .iptables)
        ip6tables = try c.decodeIfPresent(IptablesRuleset.self, forKey: .ip6tables)
        nftables = try c.decodeIfPresent(NftRuleset.self, forKey: .nftables)
        windowsFirewall = try c.decodeIfPresent(WindowsFirewall.self, forKey: .windowsFirewall)
        listeners = try c.decodeIfPresent([Listener].self, forKey: .listeners)
        interfaces = try c.decodeIfPresent([GuestInterface].self, forKey: .interfaces)
    }
}

extension GuestSystem {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        osType = try c.decode(String.self, forKey: .osType)
        distribution = try c.decodeIfPresent(String.self, forKey: .distribution) ?? ""
        version = try c.decodeIfPresent(String.self, forKey: .version) ?? ""
        arch = try c.decodeIfPresent(String.self, forKey: .arch) ?? "x86_64"
        python = try c.decodeIfPresent(String.self, forKey: .python)
        cloudAssistant = try c.decodeIfPresent(Bool.self, forKey: .cloudAssistant) ?? false
        cpuPercent = try c.decodeIfPresent(Double.self, forKey: .cpuPercent)
        memoryPercent = try c.decodeIfPresent(Double.self, forKey: .memoryPercent)
        diskPercent = try c.decodeIfPresent(Double.self, forKey: .diskPercent)
        ephemeralPorts = try c.decodeIfPresent(PortRange.self, forKey: .ephemeralPorts)
        if let ephemeralPorts, ephemeralPorts.isAny {
            throw DecodingError.dataCorruptedError(forKey: .ephemeralPorts, in: c,
                debugDescription: "expected the ephemeral port range as start/end within 1–65535, e.g. 32768/60999, got -1/-1")
        }
    }
}

extension GuestInterface {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        up = try c.decode(Bool.self, forKey: .up)
        addresses = try c.decodeIfPresent([String].self, forKey: .addresses) ?? []
    }
}

extension Listener {
    /// Fields with a default may be left out (the concise YAML format relies on it).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        `protocol` = try c.decode(String.self, forKey: .`protocol`)
        address = try c.decode(String.self, forKey: .address)
        port = try c.decode(Int.self, forKey: .port)
        process = try c.decodeIfPresent(String.self, forKey: .process)
        pid = try c.decodeIfPresent(Int.self, forKey: .pid)
    }
}
