import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Process and machine facts for the report: peak memory, load, CPU model.
public enum ProcessStats {
    /// Peak resident set size of this process so far (getrusage `ru_maxrss`), in MiB.
    public static var maxRssMiB: Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #if os(Linux)
        return Double(usage.ru_maxrss) / 1024          // KiB on Linux
        #else
        return Double(usage.ru_maxrss) / 1_048_576     // bytes on macOS
        #endif
    }

    /// CPU time this process has used so far, in seconds (user and system, every thread): on a
    /// shared machine it measures a one-thread phase better than the wall clock does.
    public static var cpuSeconds: Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// The one-, five- and fifteen-minute load averages, as /proc/loadavg prints them.
    public static var loadAverage: String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// The machine: CPU model, cores, memory, kernel.
    public static func machine(loadBefore: String) -> BenchmarkReport.Machine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) } ?? "unknown"
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let system = withUnsafeBytes(of: &name.sysname) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return BenchmarkReport.Machine(
            cpu: model, cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryGiB: (Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824 * 10).rounded() / 10,
            os: "\(system) \(release)", loadAverageBefore: loadBefore, loadAverageAfter: loadAverage)
    }

    /// Files and bytes below a folder.
    public static func folderSize(_ url: URL) -> (files: Int, bytes: Int) {
        var files = 0, bytes = 0
        let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        while let item = enumerator?.nextObject() as? URL {
            let values = try? item.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            if values?.isRegularFile == true { files += 1; bytes += values?.fileSize ?? 0 }
        }
        return (files, bytes)
    }
}
