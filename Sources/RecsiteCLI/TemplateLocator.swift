import Foundation

/// Finds the built-in templates when `--templates` is not given.
package enum TemplateLocator {
    /// `templates/` in the working directory, else the nearest `templates/` above the executable
    /// (the repository's, for `.build/release/recsite`), when it holds `index.mustache`.
    package static func defaultDirectory(
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        executable: String = CommandLine.arguments.first ?? ""
    ) -> URL? {
        var candidates = [URL(fileURLWithPath: workingDirectory).appendingPathComponent("templates")]
        var folder = URL(fileURLWithPath: executable).standardizedFileURL.resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(folder.appendingPathComponent("templates"))
            folder = folder.deletingLastPathComponent()
        }
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("index.mustache").path)
        }
    }
}
