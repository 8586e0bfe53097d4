import Foundation

/// Encodes reports as JSON: pretty, key-sorted and stable, so two runs of the same diagnosis
/// produce byte-identical text.
public enum JSONReport {
    /// The encoder every report and stored diagnosis goes through.
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The report as JSON text.
    public static func render(_ report: DiagnosisReport) throws -> String {
        String(decoding: try encoder().encode(report), as: UTF8.self)
    }

    /// The report as a JSON value, so callers can add their own top-level keys (a task's
    /// metadata) without redefining the schema.
    public static func value(_ report: DiagnosisReport) throws -> [String: DataValue] {
        let data = try encoder(pretty: false).encode(report)
        guard case .object(let object) = try JSONDecoder().decode(DataValue.self, from: data) else { return [:] }
        return object
    }
}
