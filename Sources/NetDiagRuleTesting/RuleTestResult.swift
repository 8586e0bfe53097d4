import Foundation
import NetDiagEngine

/// The outcome of one case.
public struct RuleTestResult: Sendable {
    public enum Outcome: Sendable {
        case passed
        /// Difference lines, as `CaseComparator` writes them.
        case failed([String])
        /// The case file cannot be used (bad input).
        case invalid(CaseFileError)
    }

    /// The case file and its name.
    public var location: CaseLocation
    /// Passed, failed with differences, or invalid.
    public var outcome: Outcome
    /// The parsed case, unless the file is invalid.
    public var testCase: RuleTestCase?
    /// The diagnosis the case produced, when it ran.
    public var diagnosis: Diagnosis?

    public init(location: CaseLocation, outcome: Outcome, testCase: RuleTestCase? = nil, diagnosis: Diagnosis? = nil) {
        self.location = location; self.outcome = outcome; self.testCase = testCase; self.diagnosis = diagnosis
    }

    /// Whether every expectation held.
    public var passed: Bool { if case .passed = outcome { return true } else { return false } }
    /// Whether the case file is unusable (bad input).
    public var invalid: Bool { if case .invalid = outcome { return true } else { return false } }
}
