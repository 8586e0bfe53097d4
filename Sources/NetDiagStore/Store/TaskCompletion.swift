import NetDiagEngine

/// How a running task ends, the same for every store: a diagnosis finishes it (failed, `Error`,
/// when a critical rule broke), an analysis that could not run fails it with its reason.
struct TaskCompletion {
    var status: TaskRecord.Status
    var result: String
    var reason: String?
    var diagnosisJSON: String?

    static func finished(_ diagnosis: Diagnosis) throws -> TaskCompletion {
        let json = String(decoding: try JSONReport.encoder(pretty: false).encode(diagnosis), as: UTF8.self)
        let failed = diagnosis.result == .error
        return TaskCompletion(status: failed ? .failed : .finished, result: diagnosis.result.rawValue,
                              reason: failed ? DiagnosisReport(diagnosis).error : nil, diagnosisJSON: json)
    }

    static func failed(reason: String) -> TaskCompletion {
        TaskCompletion(status: .failed, result: Diagnosis.Result.error.rawValue, reason: reason, diagnosisJSON: nil)
    }
}
