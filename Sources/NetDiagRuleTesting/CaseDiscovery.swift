import Foundation

/// A case file found on disk and its display name.
public struct CaseLocation: Sendable, Hashable {
    /// The case file.
    public var file: URL
    /// `<group>/<case-name>`: the path below the folder searched, without `.yaml`.
    public var name: String

    public init(file: URL, name: String) { self.file = file; self.name = name }
}

/// Finds case files: every `*.yaml`/`*.yml` below the folders given, except those under an
/// `inventories/` folder (shared inventories, not cases).
public enum CaseDiscovery {
    /// The cases below `paths` (folders, or single case files) whose name matches `filter`:
    /// a substring, or a glob when it holds `*` or `?`. A path that does not exist is an error.
    public static func find(_ paths: [String], filter: String? = nil) throws(CaseFileError) -> [CaseLocation] {
        var found: [CaseLocation] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CaseFileError(file: path, field: "", message: "no such case file or folder")
            }
            let url = URL(fileURLWithPath: path).standardizedFileURL
            if !isDirectory.boolValue {
                let group = url.deletingLastPathComponent().lastPathComponent
                found.append(CaseLocation(file: url, name: "\(group)/\(url.deletingPathExtension().lastPathComponent)"))
                continue
            }
            let root = url.resolvingSymlinksInPath()
            let files = (FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL } ?? [])
                .map { $0.resolvingSymlinksInPath() }
                .filter { ["yaml", "yml"].contains($0.pathExtension) }
            for file in files {
                let relative = Array(file.pathComponents.dropFirst(root.pathComponents.count))
                guard !relative.dropLast().contains("inventories") else { continue }
                let name = (relative.dropLast() + [file.deletingPathExtension().lastPathComponent]).joined(separator: "/")
                found.append(CaseLocation(file: file, name: name))
            }
        }
        found.sort { ($0.name, $0.file.path) < ($1.name, $1.file.path) }
        guard let filter, !filter.isEmpty else { return found }
        return found.filter { matches($0.name, filter) }
    }

    /// A substring match, or a whole-name glob (`*`, `?`) when the pattern holds one.
    public static func matches(_ name: String, _ pattern: String) -> Bool {
        guard pattern.contains("*") || pattern.contains("?") else { return name.contains(pattern) }
        let regex = "^" + pattern.map { c -> String in
            switch c {
            case "*": return ".*"
            case "?": return "."
            default: return NSRegularExpression.escapedPattern(for: String(c))
            }
        }.joined() + "$"
        return name.range(of: regex, options: .regularExpression) != nil
    }
}
