import Foundation

/// The text of one rule file, read once and compiled in each interpreter.
public struct RuleSource: Hashable, Sendable {
    /// The path as given (used in every message about the file).
    public var path: String
    public var text: String

    public init(path: String, text: String) { self.path = path; self.text = text }

    /// Files under a `lib/` folder are helper libraries, not rules: each returns a table that
    /// every rule sees as a global named after the file (`lib/secgroup.lua` → `secgroup`).
    public var libraryName: String? {
        let parts = path.split(separator: "/")
        guard parts.count >= 2, parts[parts.count - 2] == "lib", path.hasSuffix(".lua") else { return nil }
        return String(parts[parts.count - 1].dropLast(4))
    }
}

/// Finds rule files: every `*.lua` below each folder, in path order, skipping `tests/` fixtures.
public enum RuleDirectory {
    /// The folders rules load from: `--rules` folders if given, else `NETDIAG_RULES`
    /// (colon-separated), else the repository's `rules/` next to the working directory or binary.
    public static func resolve(explicit: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        if !explicit.isEmpty { return explicit }
        if let fromEnv = environment["NETDIAG_RULES"], !fromEnv.isEmpty {
            return fromEnv.split(separator: ":").map(String.init)
        }
        return [defaultRulesFolder()]
    }

    /// `./rules` when it exists, else the `rules/` of the checkout the binary was built in.
    public static func defaultRulesFolder() -> String {
        let fm = FileManager.default
        if fm.fileExists(atPath: "rules") { return "rules" }
        var url = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        for _ in 0..<6 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("rules")
            if fm.fileExists(atPath: candidate.appendingPathComponent("README.md").path)
                || fm.fileExists(atPath: candidate.path) && fm.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return candidate.path
            }
        }
        return "rules"
    }

    /// Reads every rule file below the folders. A folder that does not exist is an error.
    public static func load(_ folders: [String]) throws -> [RuleSource] {
        var sources: [RuleSource] = []
        for folder in folders {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw RuleProblem(file: folder, message: "rules folder not found")
            }
            let root = URL(fileURLWithPath: folder)
            let files = (FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL } ?? [])
                .filter { $0.pathExtension == "lua" && !$0.pathComponents.contains("tests") }
                .map { $0.path.replacingOccurrences(of: root.path, with: folder.hasSuffix("/") ? String(folder.dropLast()) : folder) }
                .sorted()
            for file in files {
                guard let data = FileManager.default.contents(atPath: file),
                      let text = String(data: data, encoding: .utf8) else {
                    throw RuleProblem(file: file, message: "cannot read the file as UTF-8 text")
                }
                sources.append(RuleSource(path: file, text: text))
            }
        }
        return sources
    }
}
