import Foundation

/// One input file: where it is and the name messages use for it.
///
/// `name` is relative to the data folder the user gave (`data_release/movies.csv`), so an
/// error such as `ratings.csv:1042: …` points at a file the user can open.
package struct DataFile: Sendable, Equatable {
    package let url: URL
    package let name: String

    package init(url: URL, name: String) {
        self.url = url
        self.name = name
    }

    /// The file's name inside `directory`.
    package init(directory: URL, relativePath: String) {
        self.init(url: directory.appendingPathComponent(relativePath), name: relativePath)
    }

    /// Runs `body` over the file's bytes. The file is memory-mapped, not copied, so a 700 MB
    /// ratings file costs address space, not a second copy in memory.
    package func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw CoreError.unreadableFile(path: url.path, reason: Self.reason(for: url, error: error))
        }
        return try data.withUnsafeBytes { raw in
            try body(raw.bindMemory(to: UInt8.self))
        }
    }

    /// A short cause in words; Foundation's own messages on Linux are error numbers.
    private static func reason(for url: URL, error: any Error) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            return "no such file"
        }
        if isDirectory.boolValue { return "it is a folder, not a file" }
        if !FileManager.default.isReadableFile(atPath: url.path) { return "permission denied" }
        return error.localizedDescription
    }
}
