import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--yes`, and the question asked on a terminal without it. Without a terminal (a script, a
/// pipe) and without `--yes` the command refuses rather than guess.
struct ConfirmOption: ParsableArguments {
    @Flag(name: [.customShort("y"), .long], help: "Do not ask for confirmation.")
    var yes = false

    /// Returns when confirmed; throws a CLI error (exit 2) otherwise.
    func confirm(_ question: String, action: String) throws {
        if yes { return }
        guard isatty(0) == 1 else {
            throw CLIError("\(action) needs confirmation, and stdin is not a terminal: pass --yes to confirm")
        }
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else {
            throw CLIError("cancelled at the prompt; nothing changed")
        }
    }
}
