import ArgumentParser

/// `--refresh`: collect the workspace inventory again from the cloud before the command runs.
struct RefreshOption: ParsableArguments {
    @Flag(help: "Collect the workspace inventory again first (it must come from `netdiag inventory collect`), re-running the guest collector on the path's instances.")
    var refresh = false
}
