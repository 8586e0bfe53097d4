import Foundation
import Testing
@testable import NetDiagCollect

@Suite struct SignatureTests {
    let credentials = Credentials(accessKeyId: "LTAI-test-key-id", accessKeySecret: "test-secret-value",
                                  securityToken: "CAIS-token/with+chars=", origin: "test")

    /// The expected value was computed by the cloud's official Python SDK
    /// (alibabacloud_openapi_util 0.2.4, `Client.get_authorization`) from the same inputs:
    /// Reference/sdk_signature.py. Query values hold a space, `/`, `+`, `*`, `~` and UTF-8.
    @Test func matchesTheOfficialSDKsSignature() {
        let headers = [
            "host": "ecs.cn-hangzhou.aliyuncs.com",
            "x-acs-action": "DescribeSecurityGroupAttribute",
            "x-acs-version": "2014-05-26",
            "x-acs-date": "2024-05-01T09:01:02Z",
            "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
            "x-acs-content-sha256": SignatureV3.hexSHA256(Data()),
            "x-acs-security-token": "CAIS-token/with+chars=",
            // Not signed: the algorithm signs host, content-type and x-acs-* only.
            "User-Agent": "netdiag-collect",
        ]
        let query = ["RegionId": "cn-hangzhou", "SecurityGroupId": "sg-bp67acfmxazb4p****", "NextToken": "a b/c+d*e~f",
                     "MaxResults": "1000", "Description": "中文 & more"]
        let signed = SignatureV3.sign(method: "POST", query: query, headers: headers, body: Data(), credentials: credentials)
        #expect(signed.authorization == "ACS3-HMAC-SHA256 Credential=LTAI-test-key-id,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version,Signature=c5af40184297394058484513d36ce2bc9de079e7509c34dfb6bd8a1ad2a9bd6a")
    }

    @Test func canonicalRequestLayout() {
        let signed = SignatureV3.sign(method: "get", query: ["b": "2", "a": "x y"],
                                      headers: ["Host": "h", "X-Acs-Action": " A "], body: Data("x".utf8),
                                      credentials: credentials)
        #expect(signed.canonicalRequest == """
            GET
            /
            a=x%20y&b=2
            host:h
            x-acs-action:A

            host;x-acs-action
            2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881
            """)
        #expect(signed.stringToSign.hasPrefix("ACS3-HMAC-SHA256\n"))
    }

    @Test func percentEncodingIsRFC3986() {
        #expect(SignatureV3.percentEncode("a b+c*d~e-f_g.h/i=") == "a%20b%2Bc%2Ad~e-f_g.h%2Fi%3D")
        #expect(SignatureV3.percentEncode("é") == "%C3%A9")
    }
}
