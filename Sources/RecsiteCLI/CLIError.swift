/// Exit codes, documented in the README.
package enum ExitCode: Int32, Sendable {
    case success = 0
    /// A step failed on valid input (a backend down, a write error).
    case failure = 1
    /// The command line was wrong (sysexits EX_USAGE).
    case usage = 64
    /// The input data was wrong (sysexits EX_DATAERR).
    case dataError = 65
    /// A file or folder could not be read (sysexits EX_NOINPUT).
    case noInput = 66
    /// A service recsite needs is not available (sysexits EX_UNAVAILABLE).
    case unavailable = 69
    /// Writing the output failed (sysexits EX_CANTCREAT).
    case cannotCreate = 73
}

/// An error the CLI prints as one message and turns into an exit code.
package struct CLIError: Error, CustomStringConvertible, Sendable {
    package var message: String
    package var exitCode: ExitCode
    /// The command whose usage to point at, for usage errors.
    package var command: String?

    package init(_ message: String, exitCode: ExitCode, command: String? = nil) {
        self.message = message
        self.exitCode = exitCode
        self.command = command
    }

    package static func usage(_ message: String, command: String) -> CLIError {
        CLIError(message, exitCode: .usage, command: command)
    }

    package var description: String {
        if let command, exitCode == .usage {
            return "\(message)\nRun 'recsite \(command) --help' for the options."
        }
        return message
    }
}
