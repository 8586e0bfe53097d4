import CLua

/// Reads and validates the declarations a rule file made in its environment.
struct RuleMetadataReader {
    let lua: LuaState
    let file: String
    /// Stack index of the environment and of the `name → line` table.
    let env: Int32
    let lines: Int32

    static let sides = Rule.Side.allCases.map(\.rawValue)
    static let objectTypes = ["instance", "eni", "public-ip"]

    func read() -> Result<Rule, RuleProblem> {
        do {
            let id = try string("id", pattern: "^[a-z0-9]+([.-][a-z0-9]+)*$",
                                expected: "a lower-case id such as \"security-group.ingress\"")
            let title = try string("title", expected: "a one-line title")
            let category = try string("category", pattern: "^[a-z0-9]+(-[a-z0-9]+)*$",
                                      expected: "a lower-case category such as \"security-group\"")
            let severityText = try string("severity", expected: "\"critical\" or \"non-critical\"")
            guard let severity = Rule.Severity(rawValue: severityText) else {
                throw problem("severity", "field 'severity' must be \"critical\" or \"non-critical\", got \"\(severityText)\"")
            }
            let description = try string("description", expected: "advice for the user, as a string")
            let (side, objects) = try appliesTo()
            let reasons = try reasonTable()
            let order = try optionalInteger("order") ?? 100
            try function("check", required: true)
            try function("applies", required: false)
            return .success(Rule(id: id, title: title, category: category, severity: severity, side: side,
                                 objects: objects, description: description, reasons: reasons, order: order,
                                 file: file))
        } catch let problem as RuleProblem {
            return .failure(problem)
        } catch {
            return .failure(RuleProblem(file: file, message: "\(error)"))
        }
    }

    func line(of name: String) -> Int? {
        defer { lua.pop() }
        guard lua.rawField(name, in: lines) == LUA_TNUMBER else { return nil }
        return Int(lua_tointegerx(lua.L, -1, nil))
    }

    private func problem(_ field: String, _ message: String) -> RuleProblem {
        RuleProblem(file: file, line: line(of: field), message: message)
    }

    private func missing(_ field: String, _ expected: String) -> RuleProblem {
        RuleProblem(file: file, message: "missing required field '\(field)' (expected \(expected))")
    }

    private func typeName(at index: Int32) -> String { String(cString: lua_typename(lua.L, lua_type(lua.L, index))) }

    private func string(_ field: String, pattern: String? = nil, expected: String) throws -> String {
        defer { lua.pop() }
        let type = lua.rawField(field, in: env)
        if type == LUA_TNIL { throw missing(field, expected) }
        guard type == LUA_TSTRING, let value = lua.string(at: -1), !value.isEmpty else {
            throw problem(field, "field '\(field)' must be \(expected), got \(type == LUA_TSTRING ? "an empty string" : "a \(typeName(at: -1))")")
        }
        if let pattern, value.range(of: pattern, options: .regularExpression) == nil {
            throw problem(field, "field '\(field)' must be \(expected), got \"\(value)\"")
        }
        return value
    }

    private func optionalInteger(_ field: String) throws -> Int? {
        defer { lua.pop() }
        let type = lua.rawField(field, in: env)
        if type == LUA_TNIL { return nil }
        guard type == LUA_TNUMBER, case .int(let n) = lua.value(at: -1) else {
            throw problem(field, "field '\(field)' must be an integer, got a \(typeName(at: -1))")
        }
        return n
    }

    private func function(_ field: String, required: Bool) throws {
        defer { lua.pop() }
        let type = lua.rawField(field, in: env)
        if type == LUA_TNIL {
            if required { throw missing(field, "a function taking the diagnosis context") }
            return
        }
        guard type == LUA_TFUNCTION else {
            throw problem(field, "field '\(field)' must be a function, got a \(typeName(at: -1))")
        }
    }

    private func appliesTo() throws -> (Rule.Side, [String]) {
        defer { lua.pop() }
        let expected = "a table like { side = \"destination\", objects = { \"instance\", \"eni\" } }"
        let type = lua.rawField("applies_to", in: env)
        if type == LUA_TNIL { throw missing("applies_to", expected) }
        guard type == LUA_TTABLE, case .object(let table) = lua.value(at: -1) else {
            throw problem("applies_to", "field 'applies_to' must be \(expected)")
        }
        guard let sideText = table["side"]?.stringValue, let side = Rule.Side(rawValue: sideText) else {
            throw problem("applies_to", "applies_to.side must be one of \(Self.sides.joined(separator: ", ")), got \(table["side"]?.description ?? "nothing")")
        }
        guard case .array(let list) = table["objects"] ?? .null, !list.isEmpty else {
            throw problem("applies_to", "applies_to.objects must be a non-empty list of \(Self.objectTypes.joined(separator: ", "))")
        }
        let objects = list.compactMap(\.stringValue)
        if let bad = objects.first(where: { !Self.objectTypes.contains($0) }) ?? (objects.count < list.count ? "a non-string" : nil) {
            throw problem("applies_to", "applies_to.objects: unknown object type \"\(bad)\" (expected \(Self.objectTypes.joined(separator: ", ")))")
        }
        return (side, objects)
    }

    private func reasonTable() throws -> [String: Rule.Reason] {
        defer { lua.pop() }
        let expected = "a table of reason codes to their meaning, like { SG_INGRESS_DENIED = \"…\" } or { SG_INGRESS_DENIED = { meaning = \"…\", suggestion = \"…\" } }"
        let type = lua.rawField("reasons", in: env)
        if type == LUA_TNIL { throw missing("reasons", expected) }
        guard type == LUA_TTABLE, case .object(let table) = lua.value(at: -1), !table.isEmpty else {
            throw problem("reasons", "field 'reasons' must be \(expected)")
        }
        var out: [String: Rule.Reason] = [:]
        for (code, value) in table {
            guard code.range(of: "^[A-Z][A-Z0-9_]*$", options: .regularExpression) != nil else {
                throw problem("reasons", "reason code \"\(code)\" must be UPPER_SNAKE_CASE")
            }
            let meaning = value.stringValue ?? value["meaning"]?.stringValue
            guard let meaning, !meaning.isEmpty else {
                throw problem("reasons", "reason \(code) must give its meaning: a string, or a table with meaning = \"…\"")
            }
            if let suggestion = value["suggestion"], suggestion.stringValue == nil {
                throw problem("reasons", "reason \(code): suggestion must be a string")
            }
            out[code] = Rule.Reason(meaning: meaning, suggestion: value["suggestion"]?.stringValue)
        }
        return out
    }
}

import Foundation
