import Foundation
import NetDiagModel
import Yams

/// Reads our YAML format (`Inventory` encoded as is). Syntax errors name the file, line and
/// column; decoding errors name the file and the key path (`vswitches[1].cidr`).
enum YAMLInventoryReader {
    /// The decoded inventory, or nil after recording the error in `sink`.
    static func read(_ url: URL, name: String, sink: IssueSink) -> Inventory? {
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            sink.error(name, "", "cannot read the file as UTF-8 text")
            return nil
        }
        return decode(text, name: name, sink: sink)
    }

    static func decode(_ text: String, name: String, sink: IssueSink) -> Inventory? {
        do {
            var inventory = try YAMLDecoder().decode(Inventory.self, from: text)
            // An ENI written without `privateIps` holds its primary address, as the model's init says.
            for i in inventory.networkInterfaces.indices where inventory.networkInterfaces[i].privateIps.isEmpty {
                inventory.networkInterfaces[i].privateIps = [inventory.networkInterfaces[i].primaryIp]
            }
            return inventory
        } catch let error as YamlError {
            sink.error(name, "", malformed(error))
        } catch DecodingError.dataCorrupted(let context) where context.underlyingError is YamlError {
            sink.error(name, "", malformed(context.underlyingError as! YamlError))
        } catch let error as DecodingError {
            let (location, message) = describe(error)
            sink.error(name, location, message)
        } catch {
            sink.error(name, "", "cannot decode YAML: \(error)")
        }
        return nil
    }

    /// "malformed YAML at <line>:<column>: error: …" from Yams' first line.
    private static func malformed(_ error: YamlError) -> String {
        let first = String(describing: error).split(separator: "\n").first.map(String.init) ?? "an unknown place"
        return "malformed YAML at " + first
    }

    /// The key path and a message for a decoding error.
    static func describe(_ error: DecodingError) -> (String, String) {
        switch error {
        case .typeMismatch(let type, let context):
            return (path(context.codingPath), "expected \(typeName(type)): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return (path(context.codingPath), "missing value, expected \(typeName(type))")
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "missing required key \"\(key.stringValue)\"")
        case .dataCorrupted(let context):
            return (path(context.codingPath), context.debugDescription)
        @unknown default:
            return ("", "\(error)")
        }
    }

    /// `vpcs[0].cidr` from a coding path.
    static func path(_ keys: [CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == String(index) {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return out.isEmpty ? "(top level)" : out
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is Bool.Type: return "a boolean"
        default: return String(describing: type)
        }
    }
}
