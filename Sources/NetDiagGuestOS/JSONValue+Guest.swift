import Foundation
import NetDiagJSON

extension JSONValue {
    /// Parses a guest tool's JSON (`nft -j`, `ip -j`, system.json), turning a syntax error into
    /// a `GuestParseError` that names its line.
    static func parse(_ data: Data) throws(GuestParseError) -> JSONValue {
        let bytes = [UInt8](data)
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw GuestParseError(line: error.lineAndColumn(in: bytes).line, "invalid JSON: \(error.message)")
        }
    }

    /// Where `data` stops being JSON: its line and what is wrong; nil when it parses.
    static func syntaxError(in data: Data) -> (line: Int, message: String)? {
        let bytes = [UInt8](data)
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return (error.lineAndColumn(in: bytes).line, error.message)
        }
    }
}
