import ArgumentParser
import Foundation

/// `netdiag`: why can't A reach B on port P, and what exactly to change.
@main
struct NetDiagCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "netdiag",
        abstract: "Diagnose connectivity between cloud VPC objects from their configuration and guest state.",
        discussion: "Results are an insight into configuration, not a proof that packets pass.",
        version: version,
        subcommands: [InventoryCommand.self, RulesCommand.self, PathCommand.self, TaskCommand.self, DiagnoseCommand.self,
                      ExposureCommand.self, ReachCommand.self, WhatIfCommand.self, DiffCommand.self,
                      AgentCommand.self, ServeCommand.self]
    )

    /// Bad input of every kind (a usage error, an unknown id, a malformed file) exits 2, so
    /// scripts can tell it from a diagnosis that found the path unconnectable (exit 1).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            Console.error("error: \(error)")
            Foundation.exit(2)
        } catch {
            if exitCode(for: error) == .validationFailure {
                Console.error(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
