import Foundation
import NetDiagEngine

/// One fixture case: an inventory, a path through it, and what some rules must report.
/// Read from `rules/tests/<group>/<case-name>.yaml` by `RuleTestCaseParser`.
public struct RuleTestCase: Sendable {
    /// Where the inventory comes from.
    public enum InventorySource: Sendable, Hashable {
        /// A YAML inventory file or a folder (API responses or `inventory.yaml`), already
        /// resolved against the case file's folder.
        case file(URL)
        /// The `region:` mapping of the case file, as YAML text in the inventory format.
        case inline(String)
    }

    /// The case file.
    public var file: URL
    /// `<group>/<case-name>`: the file's path below the tests folder, without `.yaml`.
    public var name: String
    public var description: String
    public var inventory: InventorySource
    public var request: DiagnosisRequest
    /// The verdict the diagnosis must reach, when the case says.
    public var expectedResult: Diagnosis.Result?
    /// Per named rule, in file order, what it must report. Rules not named are not asserted.
    public var expectedFindings: [RuleExpectation]

    public init(file: URL, name: String, description: String, inventory: InventorySource,
                request: DiagnosisRequest, expectedResult: Diagnosis.Result?, expectedFindings: [RuleExpectation]) {
        self.file = file; self.name = name; self.description = description; self.inventory = inventory
        self.request = request; self.expectedResult = expectedResult; self.expectedFindings = expectedFindings
    }
}

/// What one rule must report: its findings in order. An empty list means the rule must not
/// report anything on this path (it does not apply).
public struct RuleExpectation: Sendable, Hashable {
    public var rule: String
    public var findings: [FindingExpectation]
    /// Whether the case wrote a single mapping rather than a list.
    public var single: Bool

    public init(rule: String, findings: [FindingExpectation], single: Bool) {
        self.rule = rule; self.findings = findings; self.single = single
    }
}

/// The fields of one finding a case asserts; nil fields are not asserted.
public struct FindingExpectation: Sendable, Hashable {
    public var status: Finding.Status?
    public var reason: String?
    /// Text the finding's message must contain.
    public var message: String?
    /// Evidence keys and values the finding must carry (a subset match).
    public var evidence: [ExpectedValue.Entry]
    /// The fix's edits (a list, each matched as a subset), or `.null`: the finding has no fix.
    public var fix: ExpectedValue?

    public init(status: Finding.Status? = nil, reason: String? = nil, message: String? = nil,
                evidence: [ExpectedValue.Entry] = [], fix: ExpectedValue? = nil) {
        self.status = status; self.reason = reason; self.message = message; self.evidence = evidence
        self.fix = fix
    }
}

/// An expected evidence value as the case wrote it. Scalars compare as text with the actual
/// value (`22` matches the number 22 and the string "22"); tables match as subsets; lists match
/// element by element.
public indirect enum ExpectedValue: Sendable, Hashable, CustomStringConvertible {
    /// A key and its expected value, in the order the case wrote them.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: ExpectedValue
        public init(_ key: String, _ value: ExpectedValue) { self.key = key; self.value = value }
    }

    /// `~` or `null`: the key must be absent or nil.
    case null
    case scalar(String)
    case list([ExpectedValue])
    case table([Entry])

    public var description: String {
        switch self {
        case .null: "nothing"
        case .scalar(let s): s
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .table(let entries): "{" + entries.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}
