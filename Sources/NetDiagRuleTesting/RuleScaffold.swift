import Foundation
import NetDiagEngine

/// `netdiag rules new`: a documented rule file and a first fixture case that passes as written.
public struct RuleScaffold: Sendable {
    /// The new rule's id.
    public let id: String
    /// Its category, also the folder of its file.
    public let category: String
    /// The side of the path it checks.
    public let side: Rule.Side
    /// The rules folder (`rules`).
    public let directory: URL

    /// Validates the id (`^[a-z0-9]+([.-][a-z0-9]+)*$`) and the category (`^[a-z0-9]+(-[a-z0-9]+)*$`).
    public init(id: String, category: String, side: Rule.Side = .destination, directory: URL) throws(ScaffoldError) {
        guard id.range(of: "^[a-z0-9]+([.-][a-z0-9]+)*$", options: .regularExpression) != nil else {
            throw ScaffoldError("invalid rule id '\(id)': use lower-case letters, digits, dots and dashes, e.g. security-group.ingress")
        }
        guard category.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) != nil else {
            throw ScaffoldError("invalid category '\(category)': use lower-case letters, digits and dashes, e.g. security-group")
        }
        self.id = id; self.category = category; self.side = side; self.directory = directory
    }

    /// The rule's file name: the id without its `<category>.` prefix.
    public var name: String { id.hasPrefix(category + ".") ? String(id.dropFirst(category.count + 1)) : id }

    /// `<dir>/<category>/<name>.lua`
    public var ruleFile: URL { directory.appendingPathComponent(category).appendingPathComponent(name + ".lua") }

    /// `<dir>/tests/<id>/passes.yaml`
    public var caseFile: URL {
        directory.appendingPathComponent("tests").appendingPathComponent(id).appendingPathComponent("passes.yaml")
    }

    /// The reason-code prefix: the id in upper snake case.
    public var reasonPrefix: String {
        id.uppercased().replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    /// The rule file's text.
    public var ruleText: String { RuleTemplates.rule(self) }
    /// The first case's text: a tiny inline inventory on which the template passes.
    public var caseText: String { RuleTemplates.passingCase(self) }

    /// Writes both files. Refuses when either exists or a rule in `directory` already has the id;
    /// writes nothing then.
    @discardableResult
    public func write() throws(ScaffoldError) -> [URL] {
        let fm = FileManager.default
        for file in [ruleFile, caseFile] where fm.fileExists(atPath: file.path) {
            throw ScaffoldError("\(file.path) already exists; not overwriting it")
        }
        if fm.fileExists(atPath: directory.path),
           let sources = try? RuleDirectory.load([directory.path]),
           let existing = sources.first(where: { $0.libraryName == nil && Self.declares(id, $0.text) }) {
            throw ScaffoldError("rule id '\(id)' is already used by \(existing.path)")
        }
        do {
            for (file, text) in [(ruleFile, ruleText), (caseFile, caseText)] {
                try fm.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: file, atomically: true, encoding: .utf8)
            }
        } catch {
            throw ScaffoldError("cannot write the rule: \(error)")
        }
        return [ruleFile, caseFile]
    }

    /// Whether a rule file's text declares `id = "<id>"` at the start of a line.
    static func declares(_ id: String, _ text: String) -> Bool {
        text.split(separator: "\n").contains { line in
            let compact = line.replacingOccurrences(of: " ", with: "")
            return compact.hasPrefix("id=\"\(id)\"") || compact.hasPrefix("id='\(id)'")
        }
    }
}

/// Why a rule cannot be scaffolded.
public struct ScaffoldError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
