import Foundation
import Testing

/// Each console rule through `path create`: exit 2, the message on stderr, nothing stored.
struct ValidationEndToEndTests {
    static let cases: [([String], String)] = [
        (["--name", "a"], "--name 'a': must be 2–128 characters long (it has 1)"),
        (["--name", "https://x"], "--name 'https://x': must not start with http:// or https://"),
        (["--name", "1path"], "--name '1path': must not start with a digit"),
        (["--name", ":path"], "--name ':path': must start with a letter, not ':'"),
        (["--name", "my path"], "--name 'my path': may contain only letters"),
        (["--port", "70000"], "--port 70000: out of range for tcp; use 1–65535"),
        (["--port", "smtp"], "--port 'smtp': not a port number (1–65535) or a known name"),
        (["--protocol", "icmp", "--port", "22"], "--port 22: icmp has no ports (the port is -1); leave --port out"),
        (["--protocol", "sctp"], "--protocol 'sctp': must be tcp, udp, icmp or gre"),
        (["--destination", "i-web1"], "--destination 'i-web1': the source and destination are the same instance"),
        (["--source", "eni-app1", "--destination", "eni-app1"], "--destination 'eni-app1': the source and destination are the same ENI"),
        (["--source", "eni-app1", "--destination", "eni-app1-sec"], "--destination 'eni-app1-sec': eni-app1 and eni-app1-sec are both bound to instance i-app1"),
        (["--source", "8.8.8.8", "--destination", "47.96.10.1"], "--destination '47.96.10.1': the source and destination cannot both be public IP addresses"),
        (["--destination", "i-stopped"], "--destination 'i-stopped': the instance is Stopped; it must be Running"),
        (["--destination", "eni-spare"], "--destination 'eni-spare': the secondary ENI is not bound to an instance"),
        (["--destination", "i-dev1"], "--destination 'i-dev1': the instance is in vpc-dev, not in the path's VPC vpc-prod"),
        (["--source", "8.8.8.8", "--vpc", "vpc-dev"], "--vpc 'vpc-dev': neither object is an instance or ENI in this VPC"),
        (["--vpc", "vpc-nope"], "--vpc 'vpc-nope': no VPC with this id in the inventory"),
        (["--destination", "i-nope"], "--destination 'i-nope': no instance with this id in the inventory"),
        (["--source", "10.0.1.10"], "--source '10.0.1.10': a private address is not a public IP object"),
        (["--region", "cn-beijing"], "--region 'cn-beijing': the inventory is of region cn-hangzhou"),
    ]

    @Test("every validation error exits 2 with its message and stores nothing")
    func errors() throws {
        let nd = try Binary()
        #expect(try nd.run(["inventory", "use", Binary.exampleRegion]).status == 0)
        for (override, message) in Self.cases {
            var fields = ["--name": "web-to-app", "--source": "i-web1", "--destination": "i-app1", "--protocol": "tcp", "--port": "22"]
            for pair in stride(from: 0, to: override.count, by: 2) { fields[override[pair]] = override[pair + 1] }
            if fields["--protocol"] == "icmp" && !override.contains("--port") { fields["--port"] = nil }
            var args = ["path", "create"] + nd.ruleArgs
            for key in fields.keys.sorted() { args += [key, fields[key]!] }
            let result = try nd.run(args)
            #expect(result.status == 2, "\(override)")
            #expect(result.stderr.contains("error: " + message), "\(override): \(result.stderr)")
        }
        let paths = try nd.run(["path", "list", "--format", "json"]).json() as? [Any]
        #expect(paths?.isEmpty == true)
    }

    @Test("path commands without a selected inventory say how to select one")
    func noInventory() throws {
        let nd = try Binary()
        let result = try nd.run(["path", "create", "--name", "ab", "--source", "i-web1", "--destination", "i-app1", "--protocol", "icmp"])
        #expect(result.status == 2 && result.stderr.contains("run `netdiag inventory use DIR` first"))
    }
}
