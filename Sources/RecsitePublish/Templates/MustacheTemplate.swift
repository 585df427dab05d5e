/// One node of a parsed template. Text is kept as UTF-8 bytes, ready to append to the output.
indirect enum MustacheNode: Sendable {
    /// Literal text, already trimmed by the standalone-line rules.
    case text([UInt8])
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{& name}}` (raw); an empty path is the implicit iterator `.`.
    case variable(path: [String], escaped: Bool)
    /// `{{#name}}…{{/name}}`, or `{{^name}}…{{/name}}` when inverted.
    case section(path: [String], inverted: Bool, children: [MustacheNode])
    /// `{{> name}}`; `indentation` is the leading whitespace of a standalone tag, prepended to each line.
    case partial(name: String, indentation: [UInt8], line: Int)
    /// `{{< name}}…{{/name}}`: render `name` with these blocks overriding its own.
    case parent(name: String, indentation: [UInt8], arguments: [String: [MustacheNode]], line: Int)
    /// `{{$name}}…{{/name}}` outside a parent: overridable content with a default. An override is
    /// rendered with `indentation` added to its lines; `leading` means the first line already
    /// has it (the whitespace before the tag stayed in the text).
    case block(name: String, indentation: [UInt8], leading: Bool, children: [MustacheNode])
}

/// A parsed template, parsed once and rendered for every page.
package struct MustacheTemplate: Sendable {
    /// The file name used in error messages (`user.mustache`).
    package let file: String
    let nodes: [MustacheNode]

    /// Parses `source`; throws a `TemplateError` naming `file` and the line of the problem.
    package init(_ source: String, file: String) throws {
        self.file = file
        var parser = MustacheParser(source: Array(source.utf8), file: file)
        nodes = try parser.parse()
    }

    /// Every partial and parent this template names, with the line of the tag (depth first;
    /// a parent's blocks in name order).
    package var references: [(name: String, line: Int)] {
        var found: [(name: String, line: Int)] = []
        Self.collectReferences(nodes, into: &found)
        return found
    }

    private static func collectReferences(_ nodes: [MustacheNode], into found: inout [(name: String, line: Int)]) {
        for node in nodes {
            switch node {
            case .text, .variable:
                break
            case let .section(_, _, children), let .block(_, _, _, children):
                collectReferences(children, into: &found)
            case let .partial(name, _, line):
                found.append((name, line))
            case let .parent(name, _, arguments, line):
                found.append((name, line))
                for key in arguments.keys.sorted() { collectReferences(arguments[key] ?? [], into: &found) }
            }
        }
    }
}
