import Foundation

/// The real command outputs in Captures/ (see Captures/README.md for how each was produced).
enum Captures {
    static var folder: URL {
        Bundle.module.url(forResource: "Captures", withExtension: nil)!
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }
}
