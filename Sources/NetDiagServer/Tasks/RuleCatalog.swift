import Foundation
import NetDiagEngine

/// What `GET /api/rules` lists: the rules of the server's rule folders, compiled once and kept
/// until a rule file is added, removed, or changes size or modification time (rule authors
/// edit rules while the server runs). Looking costs one `stat` per file, not a compile.
final class RuleCatalog: @unchecked Sendable {
    private let folders: [String]
    private let limits: SandboxLimits
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var cached: (fingerprint: [FileStamp], loaded: Loaded)?

    /// The rules that loaded, and the files that did not (as `netdiag rules list` reports them).
    struct Loaded: Sendable {
        var rules: [Rule]
        var problems: [RuleProblem]
    }

    /// One rule file as `stat` sees it.
    struct FileStamp: Equatable {
        var path: String
        var size: Int
        var modified: Date
    }

    init(folders: [String], limits: SandboxLimits) {
        self.folders = folders; self.limits = limits
    }

    /// The rules as the files are now. A rule that does not load is left out and named in
    /// `problems`; an error of the whole set (a missing folder) is thrown and nothing cached.
    func load() throws -> Loaded {
        let fingerprint = try Self.fingerprint(folders)
        lock.lock()
        if let cached, cached.fingerprint == fingerprint { lock.unlock(); return cached.loaded }
        lock.unlock()
        let engine = try RuleEngine(sources: try RuleDirectory.load(folders), limits: limits)
        let loaded = Loaded(rules: engine.rules, problems: engine.problems)
        lock.lock()
        cached = (fingerprint, loaded)
        lock.unlock()
        return loaded
    }

    /// Every file `RuleDirectory.load` would read (`*.lua` outside `tests/`), with its size and
    /// modification time, in path order. A missing folder is left to `load` to report.
    static func fingerprint(_ folders: [String]) throws -> [FileStamp] {
        let keys: [URLResourceKey] = [.fileSizeKey, .contentModificationDateKey]
        var stamps: [FileStamp] = []
        for folder in folders {
            let files = (FileManager.default.enumerator(at: URL(fileURLWithPath: folder), includingPropertiesForKeys: keys)?
                .compactMap { $0 as? URL } ?? [])
                .filter { $0.pathExtension == "lua" && !$0.pathComponents.contains("tests") }
            for file in files {
                let values = try? file.resourceValues(forKeys: Set(keys))
                stamps.append(FileStamp(path: file.path, size: values?.fileSize ?? -1,
                                        modified: values?.contentModificationDate ?? .distantPast))
            }
        }
        return stamps.sorted { $0.path < $1.path }
    }
}
