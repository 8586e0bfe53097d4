/// The console's rules for a path name.
enum PathName {
    static let specials: Set<Character> = [".", "_", "-", ":"]

    /// 2–128 characters; letters, digits, `.`, `_`, `-`, `:`; not starting with a special
    /// character, a digit, `http://` or `https://`.
    static func check(_ name: String) throws(PathValidationError) {
        func fail(_ code: PathValidationError.Code, _ detail: String) -> PathValidationError {
            PathValidationError(code, field: "--name", value: name, detail)
        }
        guard (2...128).contains(name.count) else {
            throw fail(.nameLength, "must be 2–128 characters long (it has \(name.count))")
        }
        let lower = name.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            throw fail(.nameScheme, "must not start with http:// or https://")
        }
        let first = name.first!
        if first.isNumber { throw fail(.nameStartsWithDigit, "must not start with a digit") }
        if !first.isLetter {
            throw fail(.nameStartsWithSpecial, "must start with a letter, not '\(first)'")
        }
        if let bad = name.first(where: { !($0.isLetter || $0.isNumber || specials.contains($0)) }) {
            throw fail(.nameCharacters, "may contain only letters, digits, '.', '_', '-' and ':' (found '\(bad)')")
        }
    }
}
