import Foundation
import NetDiagJSON
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh temporary folder path (not created).
func temporaryFolder(_ tag: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-collect-test-\(tag)-\(UUID().uuidString)")
}

/// FakeCloud/fake_cloud.py serving a region folder on a loopback port, for one test.
final class FakeCloud {
    static let keyId = "LTAI-fake-key", keySecret = "fake-secret-\(UUID().uuidString.prefix(8))"
    let process = Process()
    private let input = Pipe(), output = Pipe()
    let port: Int

    init(region: URL, seed: Int = 7, throttle: Double = 0.12, stuckToken: String? = nil) throws {
        let script = Bundle.module.url(forResource: "fake_cloud", withExtension: "py", subdirectory: "FakeCloud")!
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, region.path, "--key-id", Self.keyId, "--key-secret", Self.keySecret,
                             "--seed", String(seed), "--throttle", String(throttle)]
            + (stuckToken.map { ["--stuck-token", $0] } ?? [])
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let line = String(decoding: output.fileHandleForReading.readLine(), as: UTF8.self)
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            process.terminate()
            throw FakeCloudError(message: "fake_cloud.py did not start (printed \"\(line)\"): is python3 3.7+ installed?")
        }
        self.port = port
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// What the fake saw: requests per action, signature failures, throttled answers, other errors.
    func stats() throws -> JSONValue {
        let data = try Data(contentsOf: URL(string: endpoint + "/__stats")!)
        return try JSONParser.parse([UInt8](data))
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

struct FakeCloudError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension FileHandle {
    /// Bytes up to the next newline (not included).
    func readLine() -> Data {
        var line = Data()
        while true {
            let byte = readData(ofLength: 1)
            if byte.isEmpty || byte == Data([10]) { return line }
            line.append(byte)
        }
    }
}

extension FakeCloud {
    /// Makes the fake re-read its region folder (after a test changed it).
    func reload() throws {
        var request = URLRequest(url: URL(string: endpoint + "/__reload")!)
        request.httpMethod = "POST"
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, _, _ in done.signal() }.resume()
        done.wait()
    }
}
