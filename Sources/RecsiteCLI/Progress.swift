import Foundation

/// Prints the pipeline's numbered steps with elapsed times to standard error.
///
/// Steps print as `[3/7] Training ALS (rank 10, 10 iterations)` then `      done in 1.2 s`;
/// `--quiet` silences everything but errors.
package final class Progress: @unchecked Sendable {
    private let quiet: Bool
    private let total: Int
    private var step = 0
    private var started = Date()
    private let lock = NSLock()
    private let write: @Sendable (String) -> Void

    package init(totalSteps: Int, quiet: Bool, write: @escaping @Sendable (String) -> Void = Progress.standardError) {
        self.total = totalSteps
        self.quiet = quiet
        self.write = write
    }

    package static let standardError: @Sendable (String) -> Void = { text in
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Starts the next step and returns its elapsed-time clock.
    package func begin(_ title: String) {
        lock.lock(); defer { lock.unlock() }
        step += 1
        started = Date()
        if !quiet { write("[\(step)/\(total)] \(title)\n") }
    }

    /// A detail line under the current step.
    package func detail(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        if !quiet { write("      \(text)\n") }
    }

    /// Ends the current step, printing its time and an optional result.
    package func end(_ result: String? = nil) {
        lock.lock(); defer { lock.unlock() }
        let seconds = Date().timeIntervalSince(started)
        if !quiet { write("      \(result.map { $0 + " · " } ?? "")\(Format.seconds(seconds))\n") }
    }

    /// "[████████░░░░░░░░] 12/25 users · about 40 s left": a bar redrawn in place on a terminal;
    /// elsewhere a plain line every 20% when `plainLines` (so logs stay short), else nothing.
    package func counter(_ done: Int, of total: Int, noun: String, since start: Date, plainLines: Bool = true) {
        lock.lock(); defer { lock.unlock() }
        guard !quiet, total > 0 else { return }
        let elapsed = Date().timeIntervalSince(start)
        let remaining = done > 0 && done < total ? elapsed / Double(done) * Double(total - done) : nil
        let text = "\(done)/\(total) \(noun)\(total == 1 ? "" : "s")" + (remaining.map { " · about \(Format.seconds($0)) left" } ?? "")
        if isTerminal {
            write("\r      \(Self.bar(done, of: total)) \(text)\u{1B}[K" + (done == total ? "\n" : ""))
        } else if plainLines, total >= 10, done == total || done % max(total / 5, 1) == 0 {
            write("      \(text)\n")
        }
    }

    /// A 20-cell bar: "[██████████░░░░░░░░░░]" at one half.
    package static func bar(_ done: Int, of total: Int, width: Int = 20) -> String {
        let filled = total > 0 ? min(width, max(0, done * width / total)) : 0
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "]"
    }

    /// Whether progress goes to an interactive terminal (then counters redraw one line).
    private let isTerminal = isatty(STDERR_FILENO) == 1

    /// A warning under the current step (also collected for the summary by the caller).
    package func warn(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        if !quiet { write("      warning: \(text)\n") }
    }
}

/// Number formatting of our own, so output never depends on the locale.
package enum Format {
    package static func seconds(_ s: Double) -> String {
        s < 10 ? fixed(s, 2) + " s" : fixed(s, 1) + " s"
    }

    /// `value` with exactly `digits` decimals, "-0" never printed.
    package static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "–" }
        let text = String(format: "%.\(digits)f", value)
        if text.hasPrefix("-"), Double(text) == 0 { return String(text.dropFirst()) }
        return text
    }

    /// An α as written on the command line: 0, 0.25, 0.5, 1.
    package static func alpha(_ a: Double) -> String {
        var text = fixed(a, 2)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// 100000 → "100,000".
    package static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// "1 user", "25 users".
    package static func plural(_ n: Int, _ noun: String) -> String { "\(count(n)) \(noun)\(n == 1 ? "" : "s")" }

    package static func percent(_ share: Double) -> String { fixed(share * 100, 0) + "%" }
}
