import Foundation

/// A fresh folder under the system's temporary directory, removed by `remove()`.
package struct TemporaryDirectory: Sendable {
    package let url: URL

    package init(prefix: String = "recsite-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `contents` (UTF-8) to a path relative to the folder, creating subfolders.
    @discardableResult
    package func write(_ relativePath: String, _ contents: String) throws -> URL {
        try write(relativePath, bytes: Array(contents.utf8))
    }

    /// Writes raw bytes (for Latin-1 fixtures) to a path relative to the folder.
    @discardableResult
    package func write(_ relativePath: String, bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file
    }

    package func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The team's read-only `shared/` folder (field cases, the Mustache spec): `$RECSITE_SHARED_DIR`,
/// else `../shared` beside the package, where CI and every developer machine have it.
package enum SharedFolder {
    package static var url: URL {
        if let given = ProcessInfo.processInfo.environment["RECSITE_SHARED_DIR"], !given.isEmpty {
            return URL(fileURLWithPath: given)
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    package static func caseInput(_ id: String) -> URL {
        url.appendingPathComponent("cases/inputs/\(id)")
    }
}
