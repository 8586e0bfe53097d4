import Foundation
import NetDiagEngine
import NetDiagModel
import Yams

/// Reads a case file (see docs/rule-authoring.md). Every problem names the file and the field.
public struct RuleTestCaseParser {
    let file: URL
    let name: String

    /// Parses `text`, the contents of `file`; `name` is the case's `<group>/<case-name>`.
    public static func parse(_ text: String, file: URL, name: String) throws(CaseFileError) -> RuleTestCase {
        try RuleTestCaseParser(file: file, name: name).parse(text)
    }

    /// Reads and parses a case file.
    public static func load(_ file: URL, name: String) throws(CaseFileError) -> RuleTestCase {
        guard let data = FileManager.default.contents(atPath: file.path),
              let text = String(data: data, encoding: .utf8) else {
            throw CaseFileError(file: file.path, field: "", message: "cannot read the file as UTF-8 text")
        }
        return try parse(text, file: file, name: name)
    }

    func parse(_ text: String) throws(CaseFileError) -> RuleTestCase {
        let composed = Result { try Yams.compose(yaml: text) }
        if case .failure(let error) = composed {
            let first = String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            throw fail("", nil, "malformed YAML at \(first)")
        }
        guard case .success(let node) = composed, let root = node else { throw fail("", nil, "the file is empty") }
        let top = try mapping(root, "", allowed: ["description", "inventory", "region", "path", "expect"])
        let description = try top["description"].map { v throws(CaseFileError) in try scalar(v, "description") } ?? ""
        let inventory: RuleTestCase.InventorySource
        switch (top["inventory"], top["region"]) {
        case (let node?, nil):
            let relative = try scalar(node, "inventory")
            inventory = .file(URL(fileURLWithPath: relative, relativeTo: file.deletingLastPathComponent()).standardizedFileURL)
        case (nil, let node?):
            guard node.mapping != nil else { throw fail("region", node, "expected an inline inventory (a mapping)") }
            do { inventory = .inline(try Yams.serialize(node: node)) } catch {
                throw fail("region", node, "cannot re-read the inline inventory: \(error)")
            }
        case (.some, .some): throw fail("inventory", top["inventory"], "give either inventory or region, not both")
        case (nil, nil): throw fail("inventory", nil, "missing: give inventory (a file or folder) or region (inline)")
        }
        guard let pathNode = top["path"] else { throw fail("path", nil, "missing: give source, destination and protocol") }
        let request = try self.request(pathNode)
        var result: Diagnosis.Result?
        var expectations: [RuleExpectation] = []
        if let expect = top["expect"], expect.null == nil {
            let e = try mapping(expect, "expect", allowed: ["result", "findings"])
            if let node = e["result"] {
                let text = try scalar(node, "expect.result")
                guard let value = Diagnosis.Result(rawValue: text) else {
                    throw fail("expect.result", node, "expected Normal, Unconnectable or Error, got \(text)")
                }
                result = value
            }
            if let findings = e["findings"], findings.null == nil {
                guard let pairs = findings.mapping else {
                    throw fail("expect.findings", findings, "expected a mapping of rule id to expectation")
                }
                for (key, value) in pairs {
                    let rule = try scalar(key, "expect.findings")
                    expectations.append(try expectation(value, rule: rule))
                }
            }
        }
        return RuleTestCase(file: file, name: name, description: description, inventory: inventory,
                            request: request, expectedResult: result, expectedFindings: expectations)
    }

    private func request(_ node: Node) throws(CaseFileError) -> DiagnosisRequest {
        let p = try mapping(node, "path", allowed: ["source", "destination", "protocol", "port", "sourcePorts",
                                                    "vpcId", "name", "regionId"])
        func required(_ key: String) throws(CaseFileError) -> String {
            guard let value = p[key] else { throw fail("path.\(key)", node, "missing") }
            let text = try scalar(value, "path.\(key)")
            guard !text.isEmpty else { throw fail("path.\(key)", value, "must not be empty") }
            return text
        }
        func optional(_ key: String) throws(CaseFileError) -> String {
            try p[key].map { v throws(CaseFileError) in try scalar(v, "path.\(key)") } ?? ""
        }
        let source = try required("source"), destination = try required("destination")
        let proto = try required("protocol").lowercased()
        guard ["tcp", "udp", "icmp", "gre"].contains(proto) else {
            throw fail("path.protocol", p["protocol"], "expected tcp, udp, icmp or gre, got \(proto)")
        }
        var port = -1
        if proto == "tcp" || proto == "udp" {
            let text = try required("port")
            guard let value = Int(text), (1...65535).contains(value) else {
                throw fail("path.port", p["port"], "expected a port number 1-65535, got \(text)")
            }
            port = value
        }
        var sourcePorts = PortRange(start: 1024, end: 65535)!
        if let node = p["sourcePorts"] {
            let text = try scalar(node, "path.sourcePorts")
            guard let range = PortRange(text) else {
                throw fail("path.sourcePorts", node, "expected a range like 1024/65535, got \(text)")
            }
            sourcePorts = range
        }
        return DiagnosisRequest(source: source, destination: destination, protocol: proto, port: port,
                                sourcePorts: sourcePorts, name: try optional("name"), vpcId: try optional("vpcId"),
                                regionId: try optional("regionId"))
    }

    private func expectation(_ node: Node, rule: String) throws(CaseFileError) -> RuleExpectation {
        let field = "expect.findings.\(rule)"
        if let list = node.sequence {
            var findings: [FindingExpectation] = []
            for (i, item) in list.enumerated() { findings.append(try finding(item, "\(field)[\(i)]")) }
            return RuleExpectation(rule: rule, findings: findings, single: false)
        }
        return RuleExpectation(rule: rule, findings: [try finding(node, field)], single: true)
    }

    private func finding(_ node: Node, _ field: String) throws(CaseFileError) -> FindingExpectation {
        let f = try mapping(node, field, allowed: ["status", "reason", "message", "evidence", "fix"])
        var expectation = FindingExpectation()
        if let s = f["status"] {
            let text = try scalar(s, "\(field).status")
            guard let status = Finding.Status(rawValue: text) else {
                throw fail("\(field).status", s, "expected pass, fail, warn, skip or error, got \(text)")
            }
            expectation.status = status
        }
        expectation.reason = try f["reason"].map { v throws(CaseFileError) in try scalar(v, "\(field).reason") }
        expectation.message = try f["message"].map { v throws(CaseFileError) in try scalar(v, "\(field).message") }
        if let e = f["evidence"] {
            guard case .table(let entries) = try value(e, "\(field).evidence") else {
                throw fail("\(field).evidence", e, "expected a mapping of evidence key to value")
            }
            expectation.evidence = entries
        }
        if let x = f["fix"] {
            let fix = try value(x, "\(field).fix")
            switch fix {
            case .null, .list: expectation.fix = fix
            default: throw fail("\(field).fix", x, "expected a list of edits (each a mapping with op and its fields), or ~ for no fix")
            }
        }
        return expectation
    }

    private func value(_ node: Node, _ field: String) throws(CaseFileError) -> ExpectedValue {
        switch node {
        case .scalar(let s):
            return node.null != nil && s.style == .plain ? .null : .scalar(s.string)
        case .sequence(let items):
            var values: [ExpectedValue] = []
            for (i, item) in items.enumerated() { values.append(try value(item, "\(field)[\(i)]")) }
            return .list(values)
        case .mapping(let pairs):
            var entries: [ExpectedValue.Entry] = []
            for (k, v) in pairs {
                let key = try scalar(k, field)
                entries.append(.init(key, try value(v, "\(field).\(key)")))
            }
            return .table(entries)
        case .alias:
            throw fail(field, node, "aliases are not supported")
        }
    }

    /// The mapping's values by key; unknown keys are an error (they are usually typos).
    private func mapping(_ node: Node, _ field: String, allowed: Set<String>) throws(CaseFileError) -> [String: Node] {
        guard let pairs = node.mapping else {
            throw fail(field, node, "expected a mapping with keys \(allowed.sorted().joined(separator: ", "))")
        }
        var result: [String: Node] = [:]
        for (k, v) in pairs {
            let key = try scalar(k, field)
            let sub = field.isEmpty ? key : "\(field).\(key)"
            guard allowed.contains(key) else {
                throw fail(sub, k, "unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            result[key] = v
        }
        return result
    }

    private func scalar(_ node: Node, _ field: String) throws(CaseFileError) -> String {
        guard let s = node.scalar else { throw fail(field, node, "expected a single value") }
        return s.string
    }

    private func fail(_ field: String, _ node: Node?, _ message: String) -> CaseFileError {
        CaseFileError(file: file.path, field: field, line: node?.mark?.line, message: message)
    }
}
