import NetDiagEngine
import Yams

/// Rewrites a case's `expect` from what the rules actually reported (`rules test --update`),
/// keeping the rest of the file, comments included, as it was.
public enum ExpectationUpdater {
    /// The case file's new text. For each rule the case names: status, reason, the message when
    /// it asserted one, and the evidence keys it already lists (all evidence when it lists none). A case that expects nothing yet
    /// gets the verdict and every finding; `result` is kept when the case had it.
    public static func updatedText(_ text: String, testCase: RuleTestCase, diagnosis: Diagnosis,
                                   loadedRules: Set<String>) throws -> String {
        let block = try serialize(expect(testCase, diagnosis, loadedRules: loadedRules))
        return replaceExpectBlock(in: text, with: block)
    }

    static func expect(_ testCase: RuleTestCase, _ diagnosis: Diagnosis, loadedRules: Set<String>) -> Node {
        let fresh = testCase.expectedResult == nil && testCase.expectedFindings.isEmpty
        var pairs: [(Node, Node)] = []
        if fresh || testCase.expectedResult != nil {
            pairs.append((Node("result"), Node(diagnosis.result.rawValue)))
        }
        var rules: [(Node, Node)] = []
        if fresh {
            var order: [String] = []
            for f in diagnosis.findings where !order.contains(f.rule) { order.append(f.rule) }
            for rule in order {
                rules.append((Node(rule), findings(diagnosis.findings.filter { $0.rule == rule }, like: [], single: true)))
            }
        } else {
            for e in testCase.expectedFindings {
                guard loadedRules.contains(e.rule) else {
                    rules.append((Node(e.rule), findings(e.findings, single: e.single)))
                    continue
                }
                rules.append((Node(e.rule), findings(diagnosis.findings.filter { $0.rule == e.rule },
                                                     like: e.findings, single: e.single)))
            }
        }
        if !rules.isEmpty { pairs.append((Node("findings"), .mapping(.init(rules)))) }
        return .mapping(.init([(Node("expect"), .mapping(.init(pairs)))]))
    }

    /// Actual findings as expectations: one mapping when there is one, else a list.
    static func findings(_ actual: [Finding], like previous: [FindingExpectation], single: Bool) -> Node {
        let nodes = actual.enumerated().map { i, f -> Node in
            let keys = i < previous.count && !previous[i].evidence.isEmpty
                ? previous[i].evidence.map(\.key) : f.evidence.keys.sorted()
            var pairs: [(Node, Node)] = [(Node("status"), Node(f.status.rawValue)), (Node("reason"), Node(f.reason))]
            if i < previous.count, let message = previous[i].message {
                // Keep an asserted message while it still matches; else assert the actual one.
                pairs.append((Node("message"), .scalar((f.message.contains(message) ? message : f.message).represented())))
            }
            let evidence = keys.compactMap { key in f.evidence[key].map { (Node(key), node($0)) } }
            if !evidence.isEmpty { pairs.append((Node("evidence"), .mapping(.init(evidence, .implicit, .flow)))) }
            if i < previous.count, previous[i].fix != nil {
                // An asserted fix is rewritten in full: its edits are what a reviewer reads.
                pairs.append((Node("fix"), f.fix.map { node(.array($0)) } ?? Node("~")))
            }
            return .mapping(.init(pairs))
        }
        if nodes.count == 1 && (single || previous.isEmpty) { return nodes[0] }
        return .sequence(.init(nodes, .implicit, nodes.isEmpty ? .flow : .block))
    }

    /// A rule not loaded keeps what the case said.
    static func findings(_ expectations: [FindingExpectation], single: Bool) -> Node {
        let nodes = expectations.map { e -> Node in
            var pairs: [(Node, Node)] = []
            if let s = e.status { pairs.append((Node("status"), Node(s.rawValue))) }
            if let r = e.reason { pairs.append((Node("reason"), Node(r))) }
            if let m = e.message { pairs.append((Node("message"), .scalar(m.represented()))) }
            if !e.evidence.isEmpty {
                pairs.append((Node("evidence"), .mapping(.init(e.evidence.map { (Node($0.key), node($0.value)) }, .implicit, .flow))))
            }
            if let fix = e.fix { pairs.append((Node("fix"), node(fix))) }
            return .mapping(.init(pairs))
        }
        if nodes.count == 1 && single { return nodes[0] }
        return .sequence(.init(nodes))
    }

    static func node(_ value: DataValue) -> Node {
        switch value {
        case .null: return Node("null")
        case .bool(let b): return Node(String(b))
        case .int(let i): return Node(String(i))
        case .double(let d): return Node(String(d))
        case .string(let s): return .scalar(s.represented())
        case .array(let a): return .sequence(.init(a.map(node), .implicit, .flow))
        case .object(let o): return .mapping(.init(o.keys.sorted().map { (Node($0), node(o[$0]!)) }, .implicit, .flow))
        }
    }

    static func node(_ value: ExpectedValue) -> Node {
        switch value {
        case .null: return Node("null")
        case .scalar(let s): return .scalar(s.represented())
        case .list(let items): return .sequence(.init(items.map(node), .implicit, .flow))
        case .table(let entries): return .mapping(.init(entries.map { (Node($0.key), node($0.value)) }, .implicit, .flow))
        }
    }

    static func serialize(_ node: Node) throws -> String {
        try Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true)
    }

    /// Replaces the top-level `expect:` block (up to the next top-level key; trailing comments
    /// and blank lines stay with what follows), or appends one.
    static func replaceExpectBlock(in text: String, with block: String) -> String {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        let isTopLevelKey = { (line: String) in
            guard let first = line.first else { return false }
            return first != " " && first != "#" && first != "\t"
        }
        let newLines = block.components(separatedBy: "\n").filter { !$0.isEmpty }
        guard let start = lines.firstIndex(where: { $0.hasPrefix("expect:") }) else {
            return (lines + newLines).joined(separator: "\n") + "\n"
        }
        var end = lines[(start + 1)...].firstIndex(where: isTopLevelKey) ?? lines.count
        while end > start + 1, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty
                || lines[end - 1].hasPrefix("#") {
            end -= 1
        }
        lines.replaceSubrange(start..<end, with: newLines)
        return lines.joined(separator: "\n") + "\n"
    }
}
