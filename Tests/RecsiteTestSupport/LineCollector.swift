import Foundation

/// Collects the lines a `@Sendable` progress or log callback writes, for tests to read back.
package final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    package init() {}

    package func append(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        lines.append(line)
    }

    /// Every piece in arrival order.
    package var all: [String] {
        lock.lock(); defer { lock.unlock() }
        return lines
    }

    /// Everything written, as one text.
    package var text: String { all.joined() }
}
