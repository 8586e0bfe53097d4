import Foundation
import NetDiagJSON

/// Finds credentials the way the cloud's own CLI does: the environment first
/// (`ALIBABA_CLOUD_ACCESS_KEY_ID`, `_SECRET`, `_SECURITY_TOKEN`), then a profile of
/// `~/.aliyun/config.json` (the one named, else `ALIBABA_CLOUD_PROFILE`, else the file's `current`).
public struct CredentialResolver: Sendable {
    public var environment: [String: String]
    /// The folder holding `.aliyun/config.json`.
    public var home: String

    /// `home` defaults to `$HOME`, as the cloud's CLI and netdiag's store resolve `~`; the
    /// account's home directory only when `HOME` is unset.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, home: String? = nil) {
        self.environment = environment
        self.home = home ?? environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    }

    /// The modes whose keys can sign directly; the others need a token service netdiag does not call.
    static let signingModes = ["AK", "StsToken"]

    /// - Throws: `CollectError.credentials` naming what is missing or wrong.
    public func resolve(profile: String? = nil) throws -> Credentials {
        if profile == nil, let id = nonEmpty("ALIBABA_CLOUD_ACCESS_KEY_ID") {
            guard let secret = nonEmpty("ALIBABA_CLOUD_ACCESS_KEY_SECRET") else {
                throw CollectError.credentials("ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not")
            }
            return Credentials(accessKeyId: id, accessKeySecret: secret,
                               securityToken: nonEmpty("ALIBABA_CLOUD_SECURITY_TOKEN"), origin: "environment")
        }
        if profile == nil, nonEmpty("ALIBABA_CLOUD_ACCESS_KEY_SECRET") != nil {
            // A half-set environment is a mistake; falling back to a profile would sign as someone else.
            throw CollectError.credentials("ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not")
        }
        let path = (home as NSString).appendingPathComponent(".aliyun/config.json")
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw CollectError.credentials("no credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or configure a profile in \(path) (`aliyun configure`)")
        }
        let config: JSONValue
        do { config = try JSONParser.parse([UInt8](bytes)) } catch {
            let (line, column) = error.lineAndColumn(in: bytes)
            throw CollectError.credentials(error.truncated
                ? "\(path): truncated JSON: the file ends before the document is complete"
                : "\(path): not valid JSON at line \(line), column \(column): \(error.message)")
        }
        guard config.object != nil, config["profiles"].map({ $0.array != nil }) ?? true else {
            throw CollectError.credentials("\(path): expected an object with a profiles list, as `aliyun configure` writes it")
        }
        let wanted = profile ?? nonEmpty("ALIBABA_CLOUD_PROFILE") ?? config["current"]?.string ?? "default"
        guard let entry = config["profiles"]?.array?.first(where: { $0["name"]?.string == wanted }) else {
            let names = (config["profiles"]?.array ?? []).compactMap { $0["name"]?.string }
            throw CollectError.credentials("\(path): no profile \"\(wanted)\" (profiles: \(names.isEmpty ? "none" : names.joined(separator: ", ")))")
        }
        let mode = entry["mode"]?.string ?? "AK"
        guard Self.signingModes.contains(mode) else {
            throw CollectError.credentials("\(path): profile \"\(wanted)\" has mode \"\(mode)\"; netdiag signs with modes AK and StsToken only (export temporary keys into ALIBABA_CLOUD_* instead)")
        }
        guard let id = entry["access_key_id"]?.string, !id.isEmpty,
              let secret = entry["access_key_secret"]?.string, !secret.isEmpty else {
            throw CollectError.credentials("\(path): profile \"\(wanted)\" lacks access_key_id or access_key_secret")
        }
        let token = entry["sts_token"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        if mode == "StsToken" && token == nil {
            throw CollectError.credentials("\(path): profile \"\(wanted)\" has mode StsToken but no sts_token")
        }
        return Credentials(accessKeyId: id, accessKeySecret: secret, securityToken: token,
                           origin: "\(path) profile \"\(wanted)\"")
    }

    private func nonEmpty(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }
}
