import Testing
import NetDiagEngine
@testable import NetDiagStore

/// Every console rule, each with its exact message.
struct PathValidatorTests {
    func error(_ spec: PathSpec) -> PathValidationError? {
        do { _ = try Fixtures.validator.validate(spec); return nil } catch { return error }
    }

    func spec(name: String? = "web-to-app", source: String = "i-a1", destination: String = "i-a2",
              protocol proto: String = "tcp", port: String? = "22", vpc: String? = nil, region: String? = nil,
              sourceType: String? = nil) -> PathSpec {
        PathSpec(name: name, regionId: region, vpcId: vpc, source: source, sourceType: sourceType,
                 destination: destination, protocol: proto, port: port)
    }

    @Test("a valid path gets its defaults from the objects")
    func defaults() throws {
        let path = try Fixtures.validator.validate(spec(port: "https"))
        #expect(path.vpcId == "vpc-a" && path.regionId == "cn-test" && path.resourceGroupId == "rg-a")
        #expect(path.sourceType == .instance && path.port == 443)
        let icmp = try Fixtures.validator.validate(spec(source: "47.1.1.1", destination: "eni-a1-sec", protocol: "ICMP", port: nil))
        #expect(icmp.port == -1 && icmp.protocol == .icmp && icmp.sourceType == .publicIp && icmp.vpcId == "vpc-a")
        #expect(try Fixtures.validator.validate(spec(protocol: "gre", port: "-1")).port == -1)
    }

    @Test("every port name of the console")
    func portNames() throws {
        let expected = ["ssh": 22, "telnet": 23, "http": 80, "https": 443, "mssql": 1433, "oracle": 1521,
                        "mysql": 3306, "rdp": 3389, "postgresql": 5432, "redis": 6379]
        for (name, port) in expected {
            #expect(try Fixtures.validator.validate(spec(port: name.uppercased())).port == port)
        }
        #expect(try Fixtures.validator.validate(spec(protocol: "udp", port: "1")).port == 1)
        #expect(try Fixtures.validator.validate(spec(port: "65535")).port == 65535)
    }

    @Test("name rules", arguments: [
        ("a", PathValidationError.Code.nameLength, "--name 'a': must be 2–128 characters long (it has 1)"),
        (String(repeating: "x", count: 129), .nameLength, "--name '\(String(repeating: "x", count: 129))': must be 2–128 characters long (it has 129)"),
        ("http://site", .nameScheme, "--name 'http://site': must not start with http:// or https://"),
        ("HTTPS://site", .nameScheme, "--name 'HTTPS://site': must not start with http:// or https://"),
        ("9lives", .nameStartsWithDigit, "--name '9lives': must not start with a digit"),
        ("-web", .nameStartsWithSpecial, "--name '-web': must start with a letter, not '-'"),
        ("_web", .nameStartsWithSpecial, "--name '_web': must start with a letter, not '_'"),
        ("web app", .nameCharacters, "--name 'web app': may contain only letters, digits, '.', '_', '-' and ':' (found ' ')"),
        ("web/app", .nameCharacters, "--name 'web/app': may contain only letters, digits, '.', '_', '-' and ':' (found '/')"),
    ])
    func names(_ name: String, _ code: PathValidationError.Code, _ message: String) {
        let failure = error(spec(name: name))
        #expect(failure?.code == code)
        #expect(failure?.description == message)
    }

    @Test("accepted names")
    func goodNames() throws {
        for name in ["ab", "web.app_1-x:y", "网络路径", String(repeating: "a", count: 128)] {
            #expect(error(spec(name: name)) == nil, "\(name)")
        }
    }

    @Test("protocol, port, object and pair rules", arguments: [
        (["protocol": "sctp"], PathValidationError.Code.protocolUnknown, "--protocol 'sctp': must be tcp, udp, icmp or gre"),
        (["port": ""], .portMissing, "--port '': tcp needs a destination port: 1–65535 or one of ssh 22, telnet 23, http 80, https 443, mssql 1433, oracle 1521, mysql 3306, rdp 3389, postgresql 5432, redis 6379"),
        (["port": "70000"], .portOutOfRange, "--port 70000: out of range for tcp; use 1–65535"),
        (["port": "0"], .portOutOfRange, "--port 0: out of range for tcp; use 1–65535"),
        (["port": "0", "protocol": "udp"], .portOutOfRange, "--port 0: out of range for udp; use 1–65535"),
        (["port": "smtp"], .portUnknown, "--port 'smtp': not a port number (1–65535) or a known name (ssh 22, telnet 23, http 80, https 443, mssql 1433, oracle 1521, mysql 3306, rdp 3389, postgresql 5432, redis 6379)"),
        (["port": "22", "protocol": "icmp"], .portNotApplicable, "--port 22: icmp has no ports (the port is -1); leave --port out"),
        (["port": "80", "protocol": "gre"], .portNotApplicable, "--port 80: gre has no ports (the port is -1); leave --port out"),
        (["source": "web1"], .objectMalformed, "--source 'web1': not an instance id (i-…), an ENI id (eni-…) or an IP address"),
        (["source": "i-nope"], .objectUnknown, "--source 'i-nope': no instance with this id in the inventory"),
        (["destination": "eni-nope"], .objectUnknown, "--destination 'eni-nope': no ENI with this id in the inventory"),
        (["source": "10.0.1.2"], .privateAddress, "--source '10.0.1.2': a private address is not a public IP object; use the instance or ENI holding it (i-a2 or eni-a2)"),
        (["sourceType": "vm"], .objectTypeUnknown, "--source-type 'vm': must be instance, eni or public-ip"),
        (["sourceType": "eni"], .objectTypeMismatch, "--source 'i-a1': --source-type is eni but the value is an instance id"),
        (["source": "47.1.1.1", "destination": "8.8.8.8"], .twoPublicIps, "--destination '8.8.8.8': the source and destination cannot both be public IP addresses; one must be an instance or ENI"),
        (["destination": "i-a1"], .sameInstance, "--destination 'i-a1': the source and destination are the same instance"),
        (["source": "eni-a1", "destination": "eni-a1"], .sameEni, "--destination 'eni-a1': the source and destination are the same ENI"),
        (["source": "eni-a1", "destination": "eni-a1-sec"], .enisOfOneInstance, "--destination 'eni-a1-sec': eni-a1 and eni-a1-sec are both bound to instance i-a1; pick ENIs of different instances"),
        (["destination": "eni-loose"], .secondaryEniUnbound, "--destination 'eni-loose': the secondary ENI is not bound to an instance; bind it first"),
        (["source": "eni-a2-att", "destination": "i-a1"], .eniNotInUse, "--source 'eni-a2-att': the ENI is Attaching; it must be InUse"),
        (["destination": "i-stop"], .objectNotRunning, "--destination 'i-stop': the instance is Stopped; it must be Running"),
        (["destination": "eni-stop"], .objectNotRunning, "--destination 'eni-stop': its instance i-stop is Stopped; it must be Running"),
        (["region": "cn-other"], .regionMismatch, "--region 'cn-other': the inventory is of region cn-test; a path's objects must be in its region"),
        (["vpc": "vpc-zz"], .vpcUnknown, "--vpc 'vpc-zz': no VPC with this id in the inventory"),
        (["vpc": "vpc-b", "source": "47.1.1.1"], .noObjectInVpc, "--vpc 'vpc-b': neither object is an instance or ENI in this VPC (--destination i-a2 is in vpc-a); at least one must be"),
        (["destination": "i-b1"], .objectNotInVpc, "--destination 'i-b1': the instance is in vpc-b, not in the path's VPC vpc-a; reach another VPC through its public IP"),
    ])
    func rules(_ fields: [String: String], _ code: PathValidationError.Code, _ message: String) {
        let s = spec(source: fields["source"] ?? "i-a1", destination: fields["destination"] ?? "i-a2",
                     protocol: fields["protocol"] ?? "tcp", port: fields["port"] ?? "22", vpc: fields["vpc"],
                     region: fields["region"], sourceType: fields["sourceType"])
        let failure = error(s)
        #expect(failure?.code == code)
        #expect(failure?.description == message)
    }

    @Test("every rule has a test case above")
    func coverage() {
        // 26 codes; the arguments above and the name cases cover each at least once.
        #expect(PathValidationError.Code.allCases.count == 26)
    }
}
