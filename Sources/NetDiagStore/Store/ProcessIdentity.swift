import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who owns a running task: a pid, plus (on Linux) the process's start time and the boot id,
/// so a pid reused after a crash or a reboot is not mistaken for the owner.
public struct ProcessIdentity: Hashable, Sendable {
    public var pid: Int32
    public var startTime: Int64?
    public var bootId: String?

    public init(pid: Int32, startTime: Int64?, bootId: String?) {
        self.pid = pid; self.startTime = startTime; self.bootId = bootId
    }

    /// This process.
    public static var current: ProcessIdentity {
        let pid = getpid()
        return ProcessIdentity(pid: pid, startTime: procStat(pid)?.startTime, bootId: currentBootId)
    }

    static var currentBootId: String? {
        (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the process still runs: same boot, pid present and not a zombie, same start time.
    public func isAlive() -> Bool {
        if let bootId, let now = Self.currentBootId, bootId != now { return false }
        if kill(pid, 0) != 0 && errno == ESRCH { return false }
        guard let stat = Self.procStat(pid) else {
            // No /proc (macOS) or it vanished meanwhile: trust kill() unless /proc exists.
            return !FileManager.default.fileExists(atPath: "/proc/self/stat")
        }
        if stat.state == "Z" || stat.state == "X" { return false }
        if let startTime, startTime != stat.startTime { return false }
        return true
    }

    /// State and start time from `/proc/PID/stat` (fields 3 and 22; the command name in
    /// field 2 may hold spaces and parentheses, so fields are counted after the last `)`).
    static func procStat(_ pid: Int32) -> (state: String, startTime: Int64)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let start = Int64(fields[19]) else { return nil }
        return (String(fields[0]), start)
    }
}
