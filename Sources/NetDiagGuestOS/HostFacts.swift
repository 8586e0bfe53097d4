import Foundation
import NetDiagModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts read straight from the local kernel and files, with no tool involved.
/// All of them hold inside a network namespace, which shares the host's filesystem.
enum HostFacts {
    /// `ID` and `VERSION_ID` from os-release (e.g. `ubuntu`, `20.04`; `alinux`, `3`).
    static func osRelease(root: String = "/") -> (id: String, version: String) {
        for path in ["etc/os-release", "usr/lib/os-release"] {
            guard let text = try? String(contentsOfFile: root + path, encoding: .utf8) else { continue }
            var values: [String: String] = [:]
            for line in text.split(separator: "\n") {
                guard let eq = line.firstIndex(of: "=") else { continue }
                var value = line[line.index(after: eq)...]
                if value.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f {
                    value = value.dropFirst().dropLast()
                }
                values[String(line[..<eq])] = String(value)
            }
            return (values["ID"] ?? "", values["VERSION_ID"] ?? "")
        }
        return ("", "")
    }

    static func machine() -> String {
        var names = utsname()
        uname(&names)
        return withUnsafeBytes(of: &names.machine) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }

    /// `gethostname(2)`: no name resolution, which a namespace without DNS could not do.
    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// One-minute load average relative to the cores, as a percentage (over 100 when overloaded).
    static func cpuPercent() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
              let first = text.split(separator: " ").first, let load = Double(first) else { return nil }
        return rounded(load / Double(max(1, ProcessInfo.processInfo.activeProcessorCount)) * 100)
    }

    /// (MemTotal − MemAvailable) / MemTotal from /proc/meminfo.
    static func memoryPercent() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        var kb: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == ":" })
            if words.count >= 2, let value = Double(words[1]) { kb[String(words[0])] = value }
        }
        guard let total = kb["MemTotal"], total > 0, let available = kb["MemAvailable"] else { return nil }
        return rounded((total - available) / total * 100)
    }

    /// Use of `/` as `df` reports it: used / (used + available to unprivileged users).
    static func diskPercent(path: String = "/") -> Double? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        let used = Double(info.f_blocks - info.f_bfree), available = Double(info.f_bavail)
        guard used + available > 0 else { return nil }
        return rounded(used / (used + available) * 100)
    }

    /// `net.ipv4.ip_local_port_range` (per network namespace): `32768\t60999`.
    static func ephemeralPorts(root: String = "/") -> PortRange? {
        guard let text = try? String(contentsOfFile: root + "proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)
        else { return nil }
        return ephemeralPorts(text: text)
    }

    /// The two numbers of the sysctl's text, as a range (nil when they are not one).
    static func ephemeralPorts(text: String) -> PortRange? {
        let numbers = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
        guard numbers.count == 2 else { return nil }
        return PortRange(start: numbers[0], end: numbers[1])
    }

    private static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}
