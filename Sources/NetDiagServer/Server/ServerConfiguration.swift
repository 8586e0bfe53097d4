import Foundation
import NetDiagEngine

/// What `netdiag serve` runs with: where it listens, the API token, the folders inventories may
/// be read from, the rules and the request limits.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (printed when the server is up).
    public var port: Int
    /// When set, every API request must carry `Authorization: Bearer TOKEN`.
    public var token: String?
    /// Absolute, symlink-free folders; only inventories inside one of them can be selected or read.
    public var inventoryRoots: [String]
    public var ruleFolders: [String]
    public var sandbox: SandboxLimits
    /// The largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Seconds accepted tasks get to finish once the server is told to stop.
    public var shutdownGrace: Double

    public static let defaultShutdownGrace: Double = 10
    public static let shutdownGraceRange: ClosedRange<Double> = 0...3600
    public static let defaultMaxBodyBytes = 64 * 1024
    /// The shortest token accepted from `--token-file`.
    public static let minimumTokenLength = 16

    public init(host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, inventoryRoots: [String],
                ruleFolders: [String], sandbox: SandboxLimits = SandboxLimits(), maxBodyBytes: Int = defaultMaxBodyBytes,
                shutdownGrace: Double = defaultShutdownGrace) {
        self.host = host; self.port = port; self.token = token
        self.inventoryRoots = inventoryRoots.map(Self.canonical); self.ruleFolders = ruleFolders
        self.sandbox = sandbox; self.maxBodyBytes = maxBodyBytes; self.shutdownGrace = shutdownGrace
    }

    /// `--shutdown-grace SECONDS`: a number of seconds within `shutdownGraceRange`.
    public static func parseShutdownGrace(_ text: String) throws(ServerError) -> Double {
        guard let seconds = Double(text), shutdownGraceRange.contains(seconds) else {
            throw ServerError("--shutdown-grace '\(text)': expected seconds \(Int(shutdownGraceRange.lowerBound))–\(Int(shutdownGraceRange.upperBound)), e.g. 10")
        }
        return seconds
    }

    /// `HOST:PORT`, `[V6]:PORT` or `:PORT` (loopback); the error names the value and the form.
    public static func parseListen(_ text: String) throws(ServerError) -> (host: String, port: Int) {
        let host: Substring, portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(after: close)...].drop { $0 == ":" }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]; portText = text[text.index(after: colon)...]
        } else {
            throw ServerError("--listen '\(text)': expected HOST:PORT, e.g. 127.0.0.1:8080")
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ServerError("--listen '\(text)': the port must be 0–65535 (0 picks a free one), got '\(portText)'")
        }
        return (host.isEmpty ? "127.0.0.1" : String(host), port)
    }

    /// Whether `host` can only be reached from this machine.
    /// A name merely starting with `127.` (`127.example.com`) may resolve anywhere: only a dotted
    /// IPv4 address in 127.0.0.0/8 counts.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127"
            && octets.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }
    }

    /// Reads the token: one line, at least `minimumTokenLength` characters.
    public static func readToken(_ path: String) throws(ServerError) -> String {
        let text: String
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw ServerError("--token-file \(path): is a folder; expected a file holding the token")
        }
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ServerError("--token-file \(path): cannot read it (\(error.localizedDescription))")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.count >= minimumTokenLength, !token.contains(where: \.isWhitespace) else {
            let found = token.contains(where: \.isWhitespace) ? "it holds spaces or several lines" : "it has \(token.count)"
            throw ServerError("--token-file \(path): expected one token of at least \(minimumTokenLength) characters without spaces (\(found))")
        }
        return token
    }

    /// The path with symlinks and `..` resolved, so containment checks compare real locations.
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Whether `path` (canonicalised) lies inside one of the inventory folders.
    func allowsInventory(_ path: String) -> Bool {
        let real = Self.canonical(path)
        return inventoryRoots.contains { root in real == root || real.hasPrefix(root.hasSuffix("/") ? root : root + "/") }
    }
}

/// A configuration the server refuses to start with.
public struct ServerError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
