import Foundation

/// Cuts a byte stream into lines as chunks arrive, for NDJSON bodies: a JSON object may be split
/// across chunks, and one chunk may hold several objects.
package struct NDJSONLineBuffer: Sendable {
    private var pending: [UInt8] = []

    package init() {}

    /// Appends a chunk and returns the lines it completed, without their `\n` (or `\r\n`);
    /// blank lines are skipped.
    package mutating func append(_ chunk: Data) -> [Data] {
        var lines: [Data] = []
        for byte in chunk {
            if byte == UInt8(ascii: "\n") {
                if let line = takeLine() { lines.append(line) }
            } else {
                pending.append(byte)
            }
        }
        return lines
    }

    /// The last line when the body did not end with a newline (a non-streamed JSON object).
    package mutating func finish() -> Data? {
        takeLine()
    }

    private mutating func takeLine() -> Data? {
        defer { pending.removeAll(keepingCapacity: true) }
        var line = pending[...]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        let isBlank = line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        return isBlank ? nil : Data(line)
    }
}
