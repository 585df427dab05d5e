/// Repairs habits of model output that would otherwise render wrongly, before the Markdown
/// reaches ``MarkdownRenderer``. Pure text in, text out; no cmark involved.
package enum MarkdownCleanup {
    /// Removes a fence a model wrapped around its whole answer (case C25), so the answer
    /// renders as Markdown rather than as one `<pre>` block.
    ///
    /// Always: line endings become `\n` (CRLF and lone CR), blank lines at the start and
    /// whitespace at the end of the text are removed. Trailing spaces *inside* the text are
    /// kept, because two of them are a Markdown hard line break.
    ///
    /// The wrapper is removed (both its lines, nothing else) when
    /// - the first non-blank line opens a fence (```` ``` ```` or `~~~`, at most three spaces
    ///   of indent) whose info string is `markdown`, `md` (any case) or empty, and
    /// - the last non-blank line closes that fence (same character, at least as long), and
    /// - the lines between are consistent with one wrapper (see below).
    ///
    /// A single preface line before a `markdown`/`md` fence ("Sure! Here is the
    /// explanation:") stays as its own paragraph and the fence is removed all the same: the
    /// case allows dropping it, but keeping it never loses anything the model wrote. A bare
    /// fence after a preface is *not* unwrapped: "Search tip:" followed by an unlabelled
    /// block is far more likely real code.
    ///
    /// The work is line-based, not parser-based: a CommonMark parser closes the outer fence
    /// at the first inner ```` ``` ````, which is exactly the fault being repaired. To avoid
    /// unwrapping an answer that merely *starts and ends* with code blocks, the inner lines
    /// are scanned for fences: each inner block must be closed before the wrapper ends, and
    /// for an unlabelled wrapper a bare fence outside any inner block counts as the wrapper
    /// closing early, so nothing is removed. (With a `markdown` label a bare inner fence is
    /// read as opening an inner code block, since the label says the wrapper is deliberate.)
    package static func unwrapWholeAnswerFence(_ text: String) -> String {
        var lines = normalizingLineEndings(text).split(separator: "\n", omittingEmptySubsequences: false)
        let nonBlank = lines.indices.filter { !isBlank(lines[$0]) }
        guard let first = nonBlank.first, let last = nonBlank.last else { return "" }

        var opening = first
        var requiresLabel = false
        if Fence(opening: lines[first]) == nil, nonBlank.count >= 2 {
            // One preface line, then the fence.
            opening = nonBlank[1]
            requiresLabel = true
        }
        if let fence = Fence(opening: lines[opening]),
           opening < last,
           fence.label != .other,
           !(requiresLabel && fence.label == .none),
           fence.isClosed(by: lines[last]),
           innerFencesBalance(lines[(opening + 1)..<last], wrapper: fence) {
            lines.remove(at: last)
            lines.remove(at: opening)
        }
        // Leading blank lines go too (whole lines only: the first line's indent is meaning).
        let firstContent = lines.firstIndex { !isBlank($0) } ?? lines.endIndex
        return trimmingTrailingWhitespace(lines[firstContent...].joined(separator: "\n"))
    }

    // MARK: - Fences

    /// A fence-opening line: its character, length and what its info string says.
    private struct Fence {
        /// What the info string says about the fenced content.
        enum Label { case none, markdown, other }

        let character: Character
        let length: Int
        let label: Label

        /// Parses an opening fence: at most three spaces, three or more backticks or
        /// tildes, then an info string (which, for backticks, may not contain a backtick,
        /// or the line is inline code, not a fence).
        init?(opening line: Substring, maxIndent: Int = 3) {
            let body = line.drop { $0 == " " }
            guard line.count - body.count <= maxIndent,
                  let character = body.first, character == "`" || character == "~" else { return nil }
            let run = body.prefix { $0 == character }
            guard run.count >= 3 else { return nil }
            let info = body.dropFirst(run.count).drop(while: \.isWhitespace)
            if character == "`" && info.contains("`") { return nil }
            self.character = character
            self.length = run.count
            switch info.split(separator: " ").first?.lowercased() {
            case nil: label = .none
            case "markdown", "md": label = .markdown
            default: label = .other
            }
        }

        /// Whether `line` closes this fence: same character, at least as long, nothing else
        /// but whitespace.
        func isClosed(by line: Substring, maxIndent: Int = 3) -> Bool {
            let body = line.drop { $0 == " " }
            guard line.count - body.count <= maxIndent else { return false }
            let run = body.prefix { $0 == character }
            return run.count >= length && body.dropFirst(run.count).allSatisfy(\.isWhitespace)
        }
    }

    /// Walks the lines between the wrapper's fences and reports whether every inner code
    /// block closes and, for an unlabelled wrapper, none of them looks like the wrapper
    /// closing early. Inner fences may be indented (they can sit in list items).
    private static func innerFencesBalance(_ lines: ArraySlice<Substring>, wrapper: Fence) -> Bool {
        var open: Fence?
        for line in lines {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if let inner = open {
                if inner.isClosed(by: trimmed) { open = nil }
                continue
            }
            guard let fence = Fence(opening: trimmed) else { continue }
            if wrapper.label == .none, fence.label == .none, wrapper.isClosed(by: trimmed) {
                return false
            }
            open = fence
        }
        return open == nil
    }

    // MARK: - Whitespace

    /// CRLF and lone CR become LF, so every later step splits lines one way.
    private static func normalizingLineEndings(_ text: String) -> String {
        // "\r\n" is a single Character in Swift, so work on scalars.
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            out.append(previousWasCR ? "\n" : scalar)
        }
        return String(out)
    }

    private static func isBlank(_ line: Substring) -> Bool {
        line.allSatisfy(\.isWhitespace)
    }

    private static func trimmingTrailingWhitespace(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
