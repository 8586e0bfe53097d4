/// An AccessKey pair, with the security token of temporary (STS) credentials.
public struct Credentials: Sendable, Equatable {
    public var accessKeyId: String
    public var accessKeySecret: String
    public var securityToken: String?
    /// Where they were found, for messages: `environment`, `~/.aliyun/config.json profile "x"`.
    public var origin: String

    public init(accessKeyId: String, accessKeySecret: String, securityToken: String? = nil, origin: String) {
        self.accessKeyId = accessKeyId
        self.accessKeySecret = accessKeySecret
        self.securityToken = securityToken
        self.origin = origin
    }
}
