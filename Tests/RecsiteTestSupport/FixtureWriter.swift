import Foundation

/// Writes small synthetic data files into a temporary folder, with the byte-level details
/// (line endings, byte-order mark, Latin-1) that readers must cope with.
package struct FixtureWriter: Sendable {
    /// How lines are terminated.
    package enum LineEnding: String, Sendable {
        case lf = "\n"
        case crlf = "\r\n"
    }

    package let directory: TemporaryDirectory

    package init(_ directory: TemporaryDirectory) {
        self.directory = directory
    }

    /// Writes `lines`, each followed by `ending`, as UTF-8 with an optional byte-order mark.
    @discardableResult
    package func lines(_ path: String, _ lines: [String], ending: LineEnding = .lf, bom: Bool = false) throws -> URL {
        let text = lines.map { $0 + ending.rawValue }.joined()
        return try directory.write(path, bytes: (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8))
    }

    /// Writes `lines` in ISO-8859-1, as ml-100k's u.item and ml-1m's movies.dat are published.
    /// Every character must be in Latin-1 (U+0000–U+00FF).
    @discardableResult
    package func latin1Lines(_ path: String, _ lines: [String]) throws -> URL {
        let text = lines.map { $0 + "\n" }.joined()
        let bytes = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        return try directory.write(path, bytes: bytes)
    }

    /// A u.item row: id, title, release date, empty video date, URL, and the 19 genre flags
    /// set for the given flag positions (0 = unknown … 18 = Western).
    package static func uItemRow(id: Int, title: String, date: String = "01-Jan-1995", flags: Set<Int>) -> String {
        let bits = (0..<19).map { flags.contains($0) ? "1" : "0" }
        return ([String(id), title, date, "", "http://example.org/\(id)"] + bits).joined(separator: "|")
    }
}
