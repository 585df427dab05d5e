/// One piece of a template's source: literal text or a tag, located by byte offsets and line.
struct MustacheToken: Sendable {
    /// What a tag does, from its sigil (`#`, `^`, `/`, `!`, `>`, `<`, `$`, `=`, `&`, `{`).
    enum Kind: Sendable, Equatable {
        case text, escaped, unescaped, section, inverted, close, comment, partial, parent, block, delimiters

        /// Kinds that open a pair closed by `{{/name}}`.
        var opensPair: Bool { self == .section || self == .inverted || self == .parent || self == .block }

        /// The sigil as written, for messages.
        var sigil: String {
            switch self {
            case .section: return "#"
            case .inverted: return "^"
            case .parent: return "<"
            case .block: return "$"
            default: return ""
            }
        }
    }

    var kind: Kind
    /// The tag's name, trimmed of padding; empty for text, comments and delimiter changes.
    var name: String
    /// First byte (for text: may move forward when a standalone tag before it takes its line ending).
    var start: Int
    /// One past the last byte (for text: may move back when a standalone tag after it takes its indentation).
    var end: Int
    /// 1-based line of the first byte, for error messages.
    var line: Int
}

/// Splits template bytes into text and tags, following set-delimiter tags as it goes. No regex:
/// one forward scan over the bytes.
struct MustacheLexer {
    let source: [UInt8]
    let file: String

    /// The tokens of the whole source, in order; text tokens are never empty.
    func tokenize() throws -> [MustacheToken] {
        var tokens: [MustacheToken] = []
        var opening: [UInt8] = Array("{{".utf8)
        var closing: [UInt8] = Array("}}".utf8)
        var lines = LineCounter()
        var textStart = 0
        var position = 0

        while let tagStart = find(opening, from: position) {
            if tagStart > textStart {
                tokens.append(MustacheToken(kind: .text, name: "", start: textStart, end: tagStart,
                                            line: lines.line(at: textStart, in: source)))
            }
            let line = lines.line(at: tagStart, in: source)
            var contentStart = tagStart + opening.count
            let unclosed = TemplateError.unclosedTag(file: file, line: line, opening: String(decoding: opening, as: UTF8.self),
                                                     closing: String(decoding: closing, as: UTF8.self))
            guard contentStart < source.count else { throw unclosed }

            let kind: MustacheToken.Kind
            var terminator = closing
            switch source[contentStart] {
            case UInt8(ascii: "{"): kind = .unescaped; terminator = [UInt8(ascii: "}")] + closing
            case UInt8(ascii: "&"): kind = .unescaped
            case UInt8(ascii: "#"): kind = .section
            case UInt8(ascii: "^"): kind = .inverted
            case UInt8(ascii: "/"): kind = .close
            case UInt8(ascii: "!"): kind = .comment
            case UInt8(ascii: ">"): kind = .partial
            case UInt8(ascii: "<"): kind = .parent
            case UInt8(ascii: "$"): kind = .block
            case UInt8(ascii: "="): kind = .delimiters; terminator = [UInt8(ascii: "=")] + closing
            default: kind = .escaped
            }
            if kind != .escaped { contentStart += 1 }
            guard let contentEnd = find(terminator, from: contentStart) else { throw unclosed }
            let tagEnd = contentEnd + terminator.count
            let content = source[contentStart..<contentEnd]

            var name = ""
            switch kind {
            case .comment:
                break
            case .delimiters:
                (opening, closing) = try delimiters(in: content, line: line)
            default:
                name = try tagName(content, line: line)
            }
            tokens.append(MustacheToken(kind: kind, name: name, start: tagStart, end: tagEnd, line: line))
            position = tagEnd
            textStart = tagEnd
        }
        if textStart < source.count {
            tokens.append(MustacheToken(kind: .text, name: "", start: textStart, end: source.count,
                                        line: lines.line(at: textStart, in: source)))
        }
        return tokens
    }

    /// The first offset at or after `from` where `pattern` starts.
    private func find(_ pattern: [UInt8], from: Int) -> Int? {
        guard let first = pattern.first, source.count >= pattern.count else { return nil }
        var index = from
        let last = source.count - pattern.count
        while index <= last {
            if source[index] == first {
                var offset = 1
                while offset < pattern.count, source[index + offset] == pattern[offset] { offset += 1 }
                if offset == pattern.count { return index }
            }
            index += 1
        }
        return nil
    }

    /// The trimmed tag content; it must be non-empty and free of whitespace.
    private func tagName(_ content: ArraySlice<UInt8>, line: Int) throws -> String {
        let trimmed = Self.trimmed(content)
        guard !trimmed.isEmpty, !trimmed.contains(where: Self.isWhitespace) else {
            throw TemplateError.invalidTag(file: file, line: line, content: String(decoding: content, as: UTF8.self))
        }
        return String(decoding: trimmed, as: UTF8.self)
    }

    /// The two new delimiters of a `{{=open close=}}` tag.
    private func delimiters(in content: ArraySlice<UInt8>, line: Int) throws -> ([UInt8], [UInt8]) {
        let parts = content.split(whereSeparator: Self.isWhitespace)
        guard parts.count == 2, !parts[0].contains(UInt8(ascii: "=")), !parts[1].contains(UInt8(ascii: "=")) else {
            throw TemplateError.invalidDelimiters(file: file, line: line, content: String(decoding: content, as: UTF8.self))
        }
        return (Array(parts[0]), Array(parts[1]))
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, isWhitespace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isWhitespace(last) { slice = slice.dropLast() }
        return slice
    }
}

/// Counts newlines incrementally, so finding the line of each tag costs one pass over the file.
private struct LineCounter {
    private var countedTo = 0
    private var line = 1

    mutating func line(at offset: Int, in source: [UInt8]) -> Int {
        while countedTo < offset {
            if source[countedTo] == UInt8(ascii: "\n") { line += 1 }
            countedTo += 1
        }
        return line
    }
}
