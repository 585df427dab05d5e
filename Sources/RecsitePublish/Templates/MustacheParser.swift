/// Turns a template's bytes into a node tree: lexes, pairs open and close tags (reporting the
/// line of any mistake), applies the standalone-line rules (`MustacheParser+Standalone.swift`)
/// and removes the intrinsic indentation of blocks passed to a parent.
struct MustacheParser {
    let source: [UInt8]
    let file: String
    /// Tokens; the standalone pass trims the byte ranges of text tokens in place.
    var tokens: [MustacheToken] = []
    /// For a token that opens a pair, the index of its closing token; -1 otherwise.
    var closeIndex: [Int] = []
    /// Blocks directly inside a parent tag pair (arguments), as opposed to blocks with a default (parameters).
    var isArgument: [Bool] = []
    /// Per token: the indentation of a standalone partial or parent, or the indentation of a block.
    var indentation: [[UInt8]] = []
    /// Per block token: its indentation is whitespace that stays in the text before the tag.
    var leading: [Bool] = []

    init(source: [UInt8], file: String) {
        self.source = source
        self.file = file
    }

    /// The whole template as nodes.
    mutating func parse() throws -> [MustacheNode] {
        tokens = try MustacheLexer(source: source, file: file).tokenize()
        try pairTags()
        applyStandaloneRules()
        return try build(0..<tokens.count, strip: [])
    }

    /// Matches each `{{/name}}` with the innermost open section, parent or block.
    private mutating func pairTags() throws {
        closeIndex = Array(repeating: -1, count: tokens.count)
        isArgument = Array(repeating: false, count: tokens.count)
        indentation = Array(repeating: [], count: tokens.count)
        leading = Array(repeating: false, count: tokens.count)
        var open: [Int] = []
        for index in tokens.indices {
            let token = tokens[index]
            if token.kind.opensPair {
                if token.kind == .block, let enclosing = open.last, tokens[enclosing].kind == .parent {
                    isArgument[index] = true
                }
                open.append(index)
            } else if token.kind == .close {
                guard let opener = open.popLast() else {
                    throw TemplateError.unexpectedClose(file: file, line: token.line, name: token.name)
                }
                let opening = tokens[opener]
                guard opening.name == token.name else {
                    throw TemplateError.mismatchedClose(file: file, line: token.line, found: token.name,
                                                        expected: opening.kind.sigil + opening.name, openedAt: opening.line)
                }
                closeIndex[opener] = index
            }
        }
        if let opener = open.last {
            let opening = tokens[opener]
            throw TemplateError.unclosedSection(file: file, line: opening.line, tag: opening.kind.sigil + opening.name)
        }
    }

    /// Nodes for the tokens in `range`; `strip` is the intrinsic indentation of the enclosing
    /// argument block, removed from the start of every line of its text.
    private func build(_ range: Range<Int>, strip: [UInt8]) throws -> [MustacheNode] {
        var nodes: [MustacheNode] = []
        var index = range.lowerBound
        while index < range.upperBound {
            let token = tokens[index]
            switch token.kind {
            case .text:
                let bytes = text(token.start..<token.end, strip: strip)
                if !bytes.isEmpty { nodes.append(.text(bytes)) }
            case .escaped, .unescaped:
                nodes.append(.variable(path: try path(of: token), escaped: token.kind == .escaped))
            case .comment, .delimiters, .close:
                break
            case .partial:
                nodes.append(.partial(name: token.name, indentation: indentation[index], line: token.line))
            case .section, .inverted:
                let close = closeIndex[index]
                let children = try build(index + 1..<close, strip: strip)
                nodes.append(.section(path: try path(of: token), inverted: token.kind == .inverted, children: children))
                index = close
            case .parent:
                let close = closeIndex[index]
                nodes.append(.parent(name: token.name, indentation: indentation[index],
                                     arguments: try arguments(index + 1..<close), line: token.line))
                index = close
            case .block:
                let close = closeIndex[index]
                let children = try build(index + 1..<close, strip: strip)
                nodes.append(.block(name: token.name, indentation: Self.removingPrefix(strip, from: indentation[index]),
                                    leading: leading[index], children: children))
                index = close
            }
            index += 1
        }
        return nodes
    }

    /// The blocks passed to a parent; everything else between its tags is ignored (spec).
    /// When a block name repeats, the first one counts.
    private func arguments(_ range: Range<Int>) throws -> [String: [MustacheNode]] {
        var result: [String: [MustacheNode]] = [:]
        var index = range.lowerBound
        while index < range.upperBound {
            let token = tokens[index]
            if token.kind.opensPair {
                let close = closeIndex[index]
                if token.kind == .block, result[token.name] == nil {
                    result[token.name] = try build(index + 1..<close, strip: indentation[index])
                }
                index = close
            }
            index += 1
        }
        return result
    }

    /// `a.b.c` → ["a", "b", "c"]; `.` → [] (the current context).
    private func path(of token: MustacheToken) throws -> [String] {
        if token.name == "." { return [] }
        let parts = token.name.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.contains(where: \.isEmpty) else {
            throw TemplateError.invalidTag(file: file, line: token.line, content: token.name)
        }
        return parts.map(String.init)
    }

    /// The bytes of a text token, without `strip` at the start of each of its lines.
    private func text(_ range: Range<Int>, strip: [UInt8]) -> [UInt8] {
        guard !range.isEmpty else { return [] }
        guard !strip.isEmpty else { return Array(source[range]) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        var index = range.lowerBound
        var atLineStart = index == 0 || source[index - 1] == UInt8(ascii: "\n")
        while index < range.upperBound {
            if atLineStart {
                atLineStart = false
                if index + strip.count <= range.upperBound, source[index..<index + strip.count].elementsEqual(strip) {
                    index += strip.count
                    continue
                }
            }
            let byte = source[index]
            bytes.append(byte)
            if byte == UInt8(ascii: "\n") { atLineStart = true }
            index += 1
        }
        return bytes
    }

    private static func removingPrefix(_ prefix: [UInt8], from bytes: [UInt8]) -> [UInt8] {
        bytes.starts(with: prefix) ? Array(bytes.dropFirst(prefix.count)) : bytes
    }
}
