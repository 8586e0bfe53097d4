/// Splits an `iptables-save` line into words the way iptables-restore does: blanks separate
/// words, double quotes group (`--log-prefix "drop in: "`), a backslash escapes the next
/// character. iptables-save never emits single quotes, but hand-edited files do, so they group too.
enum ShellWords {
    struct UnterminatedQuote: Error {}

    /// One word and whether any of it was quoted or escaped: a quoted `"!"` or `"-x"` is a value
    /// (`--comment "!"`), never iptables' negation or an option.
    struct Word: Equatable {
        var text: String
        var quoted = false
    }

    static func split(_ line: Substring) throws -> [Word] {
        var words: [Word] = []
        var current = ""
        var inWord = false
        var quotedWord = false
        var quote: Character?
        var escaped = false
        for ch in line {
            if escaped {
                current.append(ch); escaped = false; inWord = true; quotedWord = true
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
                quote = ch; inWord = true; quotedWord = true
            case " ", "\t":
                if inWord { words.append(Word(text: current, quoted: quotedWord)); current = ""; inWord = false; quotedWord = false }
            default:
                current.append(ch); inWord = true
            }
        }
        if quote != nil || escaped { throw UnterminatedQuote() }
        if inWord { words.append(Word(text: current, quoted: quotedWord)) }
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
