import Foundation
import NetDiagEngine
import NetDiagModel

/// Runs fixture cases through a loaded engine, exactly as a diagnosis task does: bind the
/// case's inventory, diagnose its path, then compare with its expectations.
public final class RuleTestRunner {
    /// The engine every case runs on, with every loaded rule.
    public let engine: RuleEngine
    private let inventories = CaseInventories()

    /// The engine is shared by every case (rules are compiled once).
    public init(engine: RuleEngine) { self.engine = engine }

    /// Reads, runs and checks the case at `location`.
    public func run(_ location: CaseLocation) -> RuleTestResult {
        let testCase: RuleTestCase
        do { testCase = try RuleTestCaseParser.load(location.file, name: location.name) } catch {
            return RuleTestResult(location: location, outcome: .invalid(error))
        }
        return run(testCase, at: location)
    }

    /// Runs an already parsed case.
    public func run(_ testCase: RuleTestCase, at location: CaseLocation) -> RuleTestResult {
        let diagnosis: Diagnosis
        do {
            diagnosis = try diagnose(testCase)
        } catch {
            return RuleTestResult(location: location, outcome: .invalid(error), testCase: testCase)
        }
        let lines = CaseComparator.differences(testCase, diagnosis, loadedRules: Set(engine.rules.map(\.id)))
        return RuleTestResult(location: location, outcome: lines.isEmpty ? .passed : .failed(lines),
                              testCase: testCase, diagnosis: diagnosis)
    }

    /// Binds the case's inventory and diagnoses its path with every loaded rule.
    public func diagnose(_ testCase: RuleTestCase) throws(CaseFileError) -> Diagnosis {
        let index = try inventories.index(for: testCase)
        do {
            try engine.bind(index)
            return try engine.diagnose(testCase.request)
        } catch .unresolvedEndpoint(let message) {
            throw CaseFileError(file: testCase.file.path, field: "path", message: message)
        } catch {
            throw CaseFileError(file: testCase.file.path, field: "", message: "\(error)")
        }
    }
}
