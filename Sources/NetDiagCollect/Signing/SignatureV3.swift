import Crypto
import Foundation

/// The cloud's request signature V3, `ACS3-HMAC-SHA256`: a canonical request (method, path,
/// sorted query, the signed headers, the body's SHA-256) hashed into the string to sign, and an
/// HMAC-SHA256 of that with the AccessKey secret. See docs/collect.md for the exact layout.
public enum SignatureV3 {
    public static let algorithm = "ACS3-HMAC-SHA256"

    /// The pieces of one signature, kept so a failed verification can be explained.
    public struct Signed: Sendable, Equatable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signedHeaders: String
        public var signature: String
        /// The `Authorization` header value.
        public var authorization: String
    }

    /// Signs a request.
    /// - Parameters:
    ///   - headers: every header sent; names are lower-cased. `host`, `content-type` and every
    ///     `x-acs-*` header are signed, as the published algorithm requires.
    ///   - query: the query parameters (unencoded); they are sorted and percent-encoded here.
    public static func sign(method: String, path: String = "/", query: [String: String],
                            headers: [String: String], body: Data, credentials: Credentials) -> Signed {
        var lower: [String: String] = [:]
        for (name, value) in headers { lower[name.lowercased()] = value.trimmingCharacters(in: .whitespaces) }
        let names = lower.keys.filter { $0 == "host" || $0 == "content-type" || $0.hasPrefix("x-acs-") }.sorted()
        let canonicalHeaders = names.map { "\($0):\(lower[$0]!)\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let canonical = [method.uppercased(), path.isEmpty ? "/" : path, canonicalQuery(query),
                         canonicalHeaders, signedHeaders, hexSHA256(body)].joined(separator: "\n")
        let toSign = algorithm + "\n" + hexSHA256(Data(canonical.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8),
                                                  using: SymmetricKey(data: Data(credentials.accessKeySecret.utf8)))
        let signature = hex(Data(mac))
        return Signed(canonicalRequest: canonical, stringToSign: toSign, signedHeaders: signedHeaders,
                      signature: signature,
                      authorization: "\(algorithm) Credential=\(credentials.accessKeyId),SignedHeaders=\(signedHeaders),Signature=\(signature)")
    }

    /// `k=v` pairs sorted by encoded key, each part percent-encoded, joined with `&`.
    public static func canonicalQuery(_ query: [String: String]) -> String {
        query.map { (percentEncode($0.key), percentEncode($0.value)) }
            .sorted { $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// RFC 3986 encoding: only `A–Z a–z 0–9 - _ . ~` stay as they are (a space is `%20`, never `+`).
    public static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// Lower-case hex SHA-256, the form `x-acs-content-sha256` carries.
    public static func hexSHA256(_ data: Data) -> String { hex(Data(SHA256.hash(data: data))) }

    private static func hex(_ data: Data) -> String {
        data.map { String(format: "%02x", $0) }.joined()
    }
}
