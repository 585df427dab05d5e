#if canImport(Glibc)
@_exported import Glibc
#endif

/// Runs one `recsite` command line and returns its exit code.
public enum CommandRunner {
    public static func main(arguments: [String]) async -> Int32 {
        0
    }
}
