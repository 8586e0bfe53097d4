import ArgumentParser

/// `--format text|json` on every list and show command.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct FormatOption: ParsableArguments {
    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text
}
