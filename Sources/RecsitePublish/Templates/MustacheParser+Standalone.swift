/// The spec's whitespace rules (mustache/spec `specs/whitespace.md`, non-normative summary):
///
/// - A non-interpolation tag alone on its line (only spaces or tabs around it) is *standalone*:
///   its indentation, trailing whitespace and line ending vanish. A standalone partial's
///   indentation is prepended to every line of the partial.
/// - A parent pair `{{<p}}…{{/p}}` is standalone when nothing but whitespace precedes the opening
///   tag and follows the closing tag on their lines, even when both sit on one line.
/// - A block passed to a parent drops the line ending after its opening tag and the indentation
///   before its closing tag; its *intrinsic indentation* (the whitespace starting its first line)
///   is removed from each of its lines and replaced by the indentation of the block it overrides.
/// - A block with a default is either standalone like a section (its override gets the
///   indentation of its first content line), or starts a line and ends its closing tag's line
///   (its override gets the whitespace before the tag, which stays in the text), or inline.
extension MustacheParser {
    mutating func applyStandaloneRules() {
        var closeDone = Array(repeating: false, count: tokens.count)
        for index in tokens.indices {
            let token = tokens[index]
            switch token.kind {
            case .text, .escaped, .unescaped:
                continue
            case .close where closeDone[index]:
                continue
            case .parent:
                let close = closeIndex[index]
                if let lineStart = clearLeft(of: index), let lineEnd = clearRight(of: close) {
                    indentation[index] = Array(source[lineStart..<token.start])
                    trimBefore(index, to: lineStart)
                    trimAfter(close, to: lineEnd)
                    closeDone[close] = true
                } else if let lineStart = clearLeft(of: index), let lineEnd = clearRight(of: index) {
                    trimBefore(index, to: lineStart)
                    trimAfter(index, to: lineEnd)
                }
            case .block where isArgument[index]:
                let close = closeIndex[index]
                if let lineEnd = clearRight(of: index) {
                    trimAfter(index, to: lineEnd)
                    indentation[index] = leadingWhitespace(at: lineEnd)
                }
                if let lineStart = clearLeft(of: close) { trimBefore(close, to: lineStart) }
                closeDone[close] = true
            case .block:
                let close = closeIndex[index]
                if let lineStart = clearLeft(of: index), let lineEnd = clearRight(of: index) {
                    trimBefore(index, to: lineStart)
                    trimAfter(index, to: lineEnd)
                    indentation[index] = leadingWhitespace(at: lineEnd)
                } else if let lineStart = clearLeft(of: index), clearRight(of: close) != nil {
                    indentation[index] = Array(source[lineStart..<token.start])
                    leading[index] = true
                }
            case .section, .inverted, .close, .comment, .partial, .delimiters:
                if let lineStart = clearLeft(of: index), let lineEnd = clearRight(of: index) {
                    indentation[index] = Array(source[lineStart..<token.start])
                    trimBefore(index, to: lineStart)
                    trimAfter(index, to: lineEnd)
                }
            }
        }
    }

    /// The start of the tag's line when only spaces and tabs precede the tag on it.
    private func clearLeft(of index: Int) -> Int? {
        var position = tokens[index].start
        while position > 0, Self.isBlank(source[position - 1]) { position -= 1 }
        return position == 0 || source[position - 1] == UInt8(ascii: "\n") ? position : nil
    }

    /// The offset just past the tag's line ending (LF, CRLF or end of file) when only spaces and
    /// tabs follow the tag on its line.
    private func clearRight(of index: Int) -> Int? {
        var position = tokens[index].end
        while position < source.count, Self.isBlank(source[position]) { position += 1 }
        if position == source.count { return position }
        if source[position] == UInt8(ascii: "\n") { return position + 1 }
        if source[position] == UInt8(ascii: "\r"), position + 1 < source.count, source[position + 1] == UInt8(ascii: "\n") {
            return position + 2
        }
        return nil
    }

    /// The spaces and tabs that start the line at `offset`.
    private func leadingWhitespace(at offset: Int) -> [UInt8] {
        var end = offset
        while end < source.count, Self.isBlank(source[end]) { end += 1 }
        return Array(source[offset..<end])
    }

    /// Ends the text before tag `index` at `lineStart`, dropping the tag's indentation.
    private mutating func trimBefore(_ index: Int, to lineStart: Int) {
        guard index > 0, tokens[index - 1].kind == .text else { return }
        tokens[index - 1].end = max(tokens[index - 1].start, min(tokens[index - 1].end, lineStart))
    }

    /// Starts the text after tag `index` at `lineEnd`, dropping the rest of the tag's line.
    private mutating func trimAfter(_ index: Int, to lineEnd: Int) {
        guard index + 1 < tokens.count, tokens[index + 1].kind == .text else { return }
        tokens[index + 1].start = min(tokens[index + 1].end, max(tokens[index + 1].start, lineEnd))
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
