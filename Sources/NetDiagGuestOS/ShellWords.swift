/// Splits an `iptables-save` line into words the way iptables-restore does: blanks separate
/// words, double quotes group (`--log-prefix "drop in: "`), a backslash escapes the next
/// character. iptables-save never emits single quotes, but hand-edited files do, so they group too.
enum ShellWords {
    struct UnterminatedQuote: Error {}

    static func split(_ line: Substring) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for ch in line {
            if escaped {
                current.append(ch); escaped = false; inWord = true
                continue
            }
            if ch == "\\" && quote != "'" {
                escaped = true
                continue
            }
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
                continue
            }
            switch ch {
            case "\"", "'":
                quote = ch; inWord = true
            case " ", "\t":
                if inWord { words.append(current); current = ""; inWord = false }
            default:
                current.append(ch); inWord = true
            }
        }
        if quote != nil || escaped { throw UnterminatedQuote() }
        if inWord { words.append(current) }
        return words
    }

    /// Quotes a word back for rendering when it holds blanks or is empty.
    static func quoted(_ word: String) -> String {
        if word.isEmpty || word.contains(where: { $0 == " " || $0 == "\t" || $0 == "\"" }) {
            return "\"" + word.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return word
    }
}
