import NetDiagEngine
import NetDiagServer
import NetDiagStore

/// Runs `body`, turning the libraries' user-facing errors (a path that breaks a rule, a limit,
/// an unknown id) into `CLIError`, which prints `error: …` and exits 2.
func cliErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as PathValidationError {
        throw CLIError(error.description)
    } catch let error as StoreError {
        throw CLIError(error.description)
    } catch let error as EngineError {
        throw CLIError(error.description)
    } catch let error as ServerError {
        throw CLIError(error.description)
    }
}
