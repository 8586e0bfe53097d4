import Foundation

/// Writes a collected inventory into a hidden folder beside the target and renames it into place
/// only when everything is in, so an interrupted collect leaves no folder that loads as complete:
/// the partial folder is hidden (`.NAME.partial-PID`), and `DescribeVpcs`, a file the loader
/// requires, is written last, just before the rename.
public final class InventoryFolderWriter: @unchecked Sendable {
    public let target: URL
    let staging: URL
    private let replace: Bool
    private let lock = NSLock()
    private var deferred: [(String, [[UInt8]])] = []
    private(set) var files = 0

    /// What makes an existing folder an inventory `--replace` may replace.
    static let marks = ["DescribeVpcs.json", "DescribeVpcs", CollectManifest.fileName]

    /// Files held back until `finish`, so a partial folder lacks a required file.
    static let writtenLast: Set<String> = ["DescribeVpcs"]

    /// - Parameter replace: allow `target` to exist (it is swapped out at the end); otherwise it
    ///   must not exist or be an empty folder.
    /// - Throws: `CollectError.output` naming the folder.
    public init(target: URL, replace: Bool) throws {
        let standardized = target.standardizedFileURL
        self.target = standardized
        self.replace = replace
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: self.target.path, isDirectory: &isFolder) {
            let empty = isFolder.boolValue && ((try? fm.contentsOfDirectory(atPath: self.target.path))?.isEmpty ?? false)
            if !isFolder.boolValue {
                throw CollectError.output("--output \(target.path): exists and is not a folder")
            }
            if !empty && !replace {
                throw CollectError.output("--output \(target.path): the folder exists and is not empty; pass --replace to replace it")
            }
            // --replace deletes the old folder: only one that is an inventory, never a folder
            // named by mistake (a home or source folder).
            if !empty && !Self.marks.contains(where: { fm.fileExists(atPath: standardized.appendingPathComponent($0).path) }) {
                throw CollectError.output("--output \(target.path): --replace replaces only an inventory folder (one holding "
                                          + "DescribeVpcs.json or .netdiag-collect.json), and this one holds neither; choose another folder")
            }
        }
        let parent = self.target.deletingLastPathComponent()
        staging = parent.appendingPathComponent(".\(self.target.lastPathComponent).partial-\(getpid())")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            Self.removeStale(in: parent, name: self.target.lastPathComponent)
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw CollectError.output("cannot create \(staging.path): \(error.localizedDescription)")
        }
    }

    /// Removes partial and set-aside folders of earlier collects of `name` whose process is gone
    /// (killed before it could clean up).
    static func removeStale(in parent: URL, name: String) {
        let fm = FileManager.default
        for entry in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? [] {
            for kind in [".partial-", ".old-"] where entry.hasPrefix("." + name + kind) {
                guard let pid = Int32(entry.dropFirst(name.count + 1 + kind.count)), pid != getpid(),
                      kill(pid, 0) != 0, errno == ESRCH else { continue }
                try? fm.removeItem(at: parent.appendingPathComponent(entry))
            }
        }
    }

    /// Writes the answers of one call: `NAME.json` for one page, `NAME/1.json`, `NAME/2.json`, … for more.
    public func writePages(_ name: String, _ pages: [[UInt8]]) throws {
        if Self.writtenLast.contains(name) {
            lock.lock(); deferred.append((name, pages)); lock.unlock()
            return
        }
        try store(name, pages)
    }

    /// Writes one file at `relative` (e.g. `os/i-1/ss.txt`).
    public func writeFile(_ relative: String, _ bytes: [UInt8]) throws {
        let url = staging.appendingPathComponent(relative)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        } catch {
            throw CollectError.output("cannot write \(url.path): \(error.localizedDescription)")
        }
        lock.lock(); files += 1; lock.unlock()
    }

    private func store(_ name: String, _ pages: [[UInt8]]) throws {
        if pages.count == 1 {
            try writeFile(name + ".json", pages[0])
        } else {
            for (n, page) in pages.enumerated() { try writeFile("\(name)/\(n + 1).json", page) }
        }
    }

    /// Writes the held-back files and renames the folder into place (swapping out an old one).
    /// - Returns: the number of files written.
    @discardableResult
    public func finish() throws -> Int {
        for (name, pages) in deferred { try store(name, pages) }
        let fm = FileManager.default
        var old: URL?
        if fm.fileExists(atPath: target.path) {
            let aside = staging.deletingLastPathComponent()
                .appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())")
            try? fm.removeItem(at: aside)
            do { try fm.moveItem(at: target, to: aside) } catch {
                throw CollectError.output("cannot move the old \(target.path) aside: \(error.localizedDescription)")
            }
            old = aside
        }
        do {
            try fm.moveItem(at: staging, to: target)
        } catch {
            if let old { try? fm.moveItem(at: old, to: target) }
            throw CollectError.output("cannot rename \(staging.path) to \(target.path): \(error.localizedDescription)")
        }
        if let old { try? fm.removeItem(at: old) }
        return files
    }

    /// Removes the partial folder (after a failure).
    public func abandon() {
        try? FileManager.default.removeItem(at: staging)
    }
}
