import Foundation

/// The bundled collector scripts (Sources/NetDiagCollect/Guest/Scripts), as RunCommand content.
public enum GuestScripts {
    /// The Python collector alone (what the shell wrapper runs).
    public static func python() throws -> String { try resource("collect_guest", "py") }

    /// The command sent to an instance: the shell wrapper with the Python collector inside it, or
    /// the PowerShell collector.
    public static func command(windows: Bool) throws -> String {
        if windows { return try resource("collect_guest", "ps1") }
        return try resource("collect_guest", "sh").replacingOccurrences(of: "@@COLLECTOR@@", with: python())
    }

    private static func resource(_ name: String, _ ext: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Scripts"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw CollectError.output("the bundled script Scripts/\(name).\(ext) is missing from the installation")
        }
        return text
    }
}
