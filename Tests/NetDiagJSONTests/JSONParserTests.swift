import Testing
import NetDiagJSON

/// The loader's JSON parser: what API responses contain, and the errors it must name.
@Suite struct JSONParserTests {
    private func parse(_ text: String) throws(JSONParser.Failure) -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func readsScalarsAndContainers() throws {
        guard case .object(let o) = try parse(#" {"a": [1, -2, 3.5, 1e3, true, false, null], "b": {}, "c": ""} "#) else {
            Issue.record("not an object"); return
        }
        guard case .array(let items) = o["a"] else { Issue.record("a is not an array"); return }
        #expect(items.count == 7)
        if case .int(let v) = items[1] { #expect(v == -2) } else { Issue.record("-2") }
        if case .number(let v, let text) = items[2] { #expect(v == 3.5 && text == "3.5") } else { Issue.record("3.5") }
        if case .number(let v, _) = items[3] { #expect(v == 1000) } else { Issue.record("1e3") }
        if case .bool(let v) = items[4] { #expect(v) } else { Issue.record("true") }
        if case .null = items[6] {} else { Issue.record("null") }
        if case .string(let s) = o["c"] { #expect(s.isEmpty) } else { Issue.record("c") }
    }

    @Test func decodesEscapesAndUnicode() throws {
        let value = try parse(#""tab\t quote\" slash\/ \u00e9 \ud83d\ude00 数据""#)
        guard case .string(let s) = value else { Issue.record("not a string"); return }
        #expect(s == "tab\t quote\" slash/ é 😀 数据")
    }

    @Test(arguments: [
        ("{\"a\": 1,, }", false, "expected a member name"),
        ("{\"a\" 1}", false, "expected ':'"),
        ("[1, 2", true, "expected ',' or ']'"),
        ("{\"a\": \"unterminated", true, "unterminated string"),
        ("{\"a\": tru}", false, "expected true"),
        ("{} {}", false, "unexpected text after"),
        ("\"\\x\"", false, "invalid escape"),
        ("\"\\ud83d alone\"", false, "unpaired surrogate"),
        ("01", false, "unexpected text after"),
        ("-", true, "expected a digit"),
        ("", true, "expected a value"),
    ])
    func failures(text: String, truncated: Bool, message: String) {
        do {
            _ = try parse(text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.truncated == truncated, "\(text): \(error.message)")
            #expect(error.message.contains(message), "\(text): \(error.message)")
        }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xff, 0xfe, 0x22]) }
    }

    @Test func documentReadsInPlace() throws {
        let text = #"{"a": "x", "b\u0061": [1, {"c": null}, "\u00e9"], "a": "last", "K": 2}"#
        let document = try JSONDocument(parsing: Array(text.utf8))
        let root = JSONDocument.root
        #expect(document.kind(root) == .object && document.count(root) == 4)
        // The last of duplicate names wins; escaped names match their decoded text.
        #expect(document.member("a", of: root).map(document.string) == "last")
        let list = try #require(document.member("ba", of: root))
        #expect(document.elements(list).map(document.kind) == [.number, .object, .string])
        #expect(document.string(document.elements(list)[2]) == "é")
        // Names compare as Strings do: the Kelvin sign is canonically equivalent to K.
        #expect(document.member("\u{212A}", of: root) != nil)
        #expect(document.member("missing", of: root) == nil)
        #expect(document.value(root) == (try JSONParser.parse(Array(text.utf8))))
        #expect(document.value(list).jsonText == #"[1,{"c":null},"é"]"#)
    }
}
