import Foundation
import Testing
@testable import NetDiagCollect

@Suite struct CredentialTests {
    func home(_ config: String?) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netdiag-cred-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".aliyun"), withIntermediateDirectories: true)
        if let config { try Data(config.utf8).write(to: dir.appendingPathComponent(".aliyun/config.json")) }
        return dir.path
    }

    let config = """
        {"current": "prod", "profiles": [
          {"name": "default", "mode": "AK", "access_key_id": "AK-default", "access_key_secret": "S-default"},
          {"name": "prod", "mode": "StsToken", "access_key_id": "STS.AK", "access_key_secret": "S-prod", "sts_token": "T"},
          {"name": "role", "mode": "RamRoleArn", "access_key_id": "x", "access_key_secret": "y"}]}
        """

    @Test func environmentComesFirst() throws {
        let env = ["ALIBABA_CLOUD_ACCESS_KEY_ID": "AK-env", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "S-env",
                   "ALIBABA_CLOUD_SECURITY_TOKEN": "tok"]
        let c = try CredentialResolver(environment: env, home: home(config)).resolve()
        #expect(c == Credentials(accessKeyId: "AK-env", accessKeySecret: "S-env", securityToken: "tok", origin: "environment"))
    }

    @Test func thenTheCurrentProfileOrTheNamedOne() throws {
        let h = try home(config)
        let current = try CredentialResolver(environment: [:], home: h).resolve()
        #expect(current.accessKeyId == "STS.AK" && current.securityToken == "T")
        let byEnv = try CredentialResolver(environment: ["ALIBABA_CLOUD_PROFILE": "default"], home: h).resolve()
        #expect(byEnv.accessKeyId == "AK-default" && byEnv.securityToken == nil)
        // A named profile wins over the environment's keys.
        let named = try CredentialResolver(environment: ["ALIBABA_CLOUD_ACCESS_KEY_ID": "AK-env",
                                                         "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "S"], home: h).resolve(profile: "default")
        #expect(named.accessKeyId == "AK-default")
    }

    @Test func clearErrors() throws {
        let h = try home(config)
        #expect(throws: CollectError.credentials("ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not")) {
            try CredentialResolver(environment: ["ALIBABA_CLOUD_ACCESS_KEY_ID": "x"], home: h).resolve()
        }
        #expect(throws: CollectError.self) { try CredentialResolver(environment: [:], home: h).resolve(profile: "role") }
        #expect(throws: CollectError.self) { try CredentialResolver(environment: [:], home: h).resolve(profile: "nope") }
        #expect(throws: CollectError.self) { try CredentialResolver(environment: [:], home: try home(nil)).resolve() }
        do {
            _ = try CredentialResolver(environment: [:], home: h).resolve(profile: "role")
        } catch {
            #expect("\(error)".contains("mode \"RamRoleArn\""))
        }
    }

    @Test func malformedConfigsAndAHalfSetEnvironmentAreNamed() throws {
        let h = try home(config)
        // A secret alone must not fall back to a profile: that would sign as another identity.
        #expect(throws: CollectError.credentials("ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not")) {
            try CredentialResolver(environment: ["ALIBABA_CLOUD_ACCESS_KEY_SECRET": "x"], home: h).resolve()
        }
        let file = { (home: String) in home + "/.aliyun/config.json" }
        let broken = try home("{\"current\": \"prod\",\n \"profiles\": [}")
        #expect(throws: CollectError.credentials("\(file(broken)): not valid JSON at line 2, column 15: unexpected character '}'")) {
            try CredentialResolver(environment: [:], home: broken).resolve()
        }
        let cut = try home("{\"current\": \"prod\", \"profiles\": [")
        #expect(throws: CollectError.credentials("\(file(cut)): truncated JSON: the file ends before the document is complete")) {
            try CredentialResolver(environment: [:], home: cut).resolve()
        }
        for shape in ["[]", "{\"profiles\": {\"name\": \"default\"}}"] {
            let odd = try home(shape)
            #expect(throws: CollectError.credentials("\(file(odd)): expected an object with a profiles list, as `aliyun configure` writes it")) {
                try CredentialResolver(environment: [:], home: odd).resolve()
            }
        }
    }

    @Test func endpointsAndGuestOptions() throws {
        let e = try Endpoints.parse(region: "cn-hangzhou", ["vpc=http://127.0.0.1:9/", "https://ecs-internal.example"])
        #expect(e.url(for: .vpc).absoluteString == "http://127.0.0.1:9/")
        #expect(e.url(for: .ecs).absoluteString == "https://ecs-internal.example")
        #expect(Endpoints(region: "eu-central-1").url(for: .ecs).absoluteString == "https://ecs.eu-central-1.aliyuncs.com")
        #expect(throws: CollectError.self) { try Endpoints.parse(region: "r", ["ftp://x"]) }
        #expect(throws: CollectError.self) { try Endpoints.parse(region: "r", ["rds=https://x"]) }
        #expect(try GuestSelection.parse(["all"]) == .all)
        #expect(try GuestSelection.parse(["i-1,i-2"]) == .instances(["i-1", "i-2"]))
        #expect(throws: CollectError.self) { try GuestSelection.parse(["all", "i-1"]) }
    }
}
