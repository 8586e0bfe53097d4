import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NetDiagJSON

/// Calls RPC-style OpenAPI actions over HTTP(S), signed with `SignatureV3`: at most
/// `concurrency` requests in flight, throttling and 5xx answers retried per `RetryPolicy`.
public final class OpenAPIClient: Sendable {
    public let endpoints: Endpoints
    let credentials: Credentials
    let retry: RetryPolicy
    let timeout: TimeInterval
    private let limit: ConcurrencyLimit
    private let session: URLSession
    private let counters = CallCounters()
    private let onTransportRetry: TransportRetryObserver?

    /// Told before a call that got no answer is tried again: the failure, the attempt about to be
    /// made, the attempts allowed, and the seconds it waits first.
    public typealias TransportRetryObserver = @Sendable (_ failure: CollectError, _ nextAttempt: Int, _ attempts: Int, _ delay: TimeInterval) -> Void

    public init(endpoints: Endpoints, credentials: Credentials, concurrency: Int = 8,
                retry: RetryPolicy = RetryPolicy(), timeout: TimeInterval = 30,
                onTransportRetry: TransportRetryObserver? = nil) {
        self.onTransportRetry = onTransportRetry
        self.endpoints = endpoints
        self.credentials = credentials
        self.retry = retry
        self.timeout = timeout
        limit = ConcurrencyLimit(concurrency)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpMaximumConnectionsPerHost = max(1, concurrency)
        session = URLSession(configuration: configuration)
    }

    /// Requests sent and retries made so far.
    public var statistics: (requests: Int, retries: Int) { counters.snapshot }

    /// Calls `action` with `parameters` (RegionId included by the caller) and returns the body of
    /// the successful answer, after retries.
    /// - Throws: `CollectError.api` for an error answer, `.transport` when no answer came.
    public func call(_ product: APIProduct, _ action: String, _ parameters: [String: String]) async throws -> [UInt8] {
        var attempt = 1
        while true {
            do {
                return try await limit.run { try await self.send(product, action, parameters) }
            } catch let error as CollectError {
                guard attempt < retry.attempts, Self.retryable(error) else { throw error }
                counters.retried()
                let delay = retry.delay(after: attempt)
                // Throttling is routine and counted in the summary; no answer at all is worth saying,
                // or an unreachable endpoint looks like a hang for the half minute retries take.
                if case .transport = error { onTransportRetry?(error, attempt + 1, retry.attempts, delay) }
                try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
                attempt += 1
            }
        }
    }

    static func retryable(_ error: CollectError) -> Bool {
        switch error {
        case .api(_, let status, let code, _, _): return RetryPolicy.isRetryable(status: status, code: code)
        case .transport: return true
        default: return false
        }
    }

    private func send(_ product: APIProduct, _ action: String, _ parameters: [String: String]) async throws -> [UInt8] {
        let base = endpoints.url(for: product)
        guard var components = URLComponents(url: base, resolvingAgainstBaseURL: false), let host = base.host else {
            throw CollectError.usage("endpoint \(base): not a URL with a host")
        }
        let path = components.path.isEmpty ? "/" : components.path
        components.path = path
        components.percentEncodedQuery = SignatureV3.canonicalQuery(parameters)
        guard let url = components.url else { throw CollectError.usage("endpoint \(base): cannot add a query") }

        let body = Data()
        var headers = [
            "host": components.port.map { "\(host):\($0)" } ?? host,
            "x-acs-action": action,
            "x-acs-version": product.version,
            "x-acs-date": Self.timestamp(Date()),
            "x-acs-signature-nonce": UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(),
            "x-acs-content-sha256": SignatureV3.hexSHA256(body),
        ]
        if let token = credentials.securityToken { headers["x-acs-security-token"] = token }
        let signed = SignatureV3.sign(method: "POST", path: path, query: parameters, headers: headers,
                                      body: body, credentials: credentials)
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        for (name, value) in headers where name != "host" { request.setValue(value, forHTTPHeaderField: name) }
        request.setValue(signed.authorization, forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("netdiag-collect", forHTTPHeaderField: "User-Agent")

        counters.sent()
        let data: Data, response: URLResponse
        do {
            (data, response) = try await uncancellableData(for: request)
        } catch {
            throw CollectError.transport(action: action, message: "\(base.absoluteString): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let bytes = [UInt8](data)
        if status == 200 { return bytes }
        let answer = try? JSONParser.parse(bytes)
        throw CollectError.api(action: action, status: status,
                               code: answer?["Code"]?.string ?? "HTTP\(status)",
                               message: answer?["Message"]?.string ?? String(decoding: bytes.prefix(200), as: UTF8.self),
                               requestId: answer?["RequestId"]?.string)
    }

    /// The answer to `request`, through the completion-handler API. `URLSession.data(for:)` cancels
    /// its task when the calling task is cancelled (as a failed collect cancels the calls still in
    /// flight), and on Linux that cancel races the task's own completion inside FoundationNetworking
    /// and can abort the process ("a task that is not in the registry"). A call whose collect has
    /// failed therefore runs to its answer or its timeout, and the answer is dropped.
    private func uncancellableData(for request: URLRequest) async throws -> (Data, URLResponse) {
        try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let data, let response {
                    continuation.resume(returning: (data, response))
                } else {
                    continuation.resume(throwing: error ?? URLError(.badServerResponse))
                }
            }.resume()
        }
    }

    /// `2024-05-01T09:01:02Z`: UTC, seconds, as `x-acs-date` requires.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
        return formatter.string(from: date)
    }
}

/// Thread-safe counts of what the client sent.
private final class CallCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var requests = 0, retries = 0

    func sent() { lock.lock(); requests += 1; lock.unlock() }
    func retried() { lock.lock(); retries += 1; lock.unlock() }
    var snapshot: (requests: Int, retries: Int) {
        lock.lock(); defer { lock.unlock() }
        return (requests, retries)
    }
}
