/// Renders a parsed template against a value: context stack, dotted names, escaping, sections,
/// partials with indentation, and parents whose blocks override the blocks of the template they extend.
///
/// Missing names render as nothing and missing partials as the empty string (spec behaviour);
/// `TemplateLibrary` checks partial names when it loads, so a typo there is reported instead.
struct MustacheRenderer: Sendable {
    /// How deep partials, parents and block overrides may nest before rendering gives up.
    static let maximumDepth = 100

    /// Templates that partial and parent tags can name.
    let partials: @Sendable (String) -> MustacheTemplate?
    /// Applied to `{{name}}` output; `{{{name}}}` and `{{& name}}` skip it.
    let escape: @Sendable (String) -> String

    func render(_ template: MustacheTemplate, _ value: MustacheValue) throws -> String {
        var pass = RenderPass(renderer: self, context: [value])
        try pass.render(template.nodes)
        return String(decoding: pass.output, as: UTF8.self)
    }
}

/// The state of one rendering: output bytes, pending indentation, context and block overrides.
private struct RenderPass {
    let renderer: MustacheRenderer
    var output: [UInt8] = []
    /// Prepended to every line of template text while inside an indented partial, parent or block.
    var indentation: [UInt8] = []
    /// The last byte written came from template text and was a line feed (or nothing was written).
    var atLineStart = true
    /// Innermost last.
    var context: [MustacheValue]
    /// Blocks passed to the parents being rendered, outermost first: the outermost override wins.
    var overrides: [[String: [MustacheNode]]] = []
    var depth = 0

    init(renderer: MustacheRenderer, context: [MustacheValue]) {
        self.renderer = renderer
        self.context = context
        output.reserveCapacity(16 * 1024)
    }

    mutating func render(_ nodes: [MustacheNode]) throws {
        for node in nodes {
            switch node {
            case .text(let bytes):
                writeText(bytes)
            case let .variable(path, escaped):
                guard let value = lookup(path) else { continue }
                let text = value.interpolatedText
                writeValue(escaped ? renderer.escape(text) : text)
            case let .section(path, inverted, children):
                try renderSection(lookup(path) ?? .null, inverted: inverted, children)
            case let .partial(name, indentation, _):
                guard let template = renderer.partials(name) else { continue }
                try nested(name) {
                    try $0.indented(indentation, firstLineWritten: false) { try $0.render(template.nodes) }
                }
            case let .parent(name, indentation, arguments, _):
                guard let template = renderer.partials(name) else { continue }
                try nested(name) { pass in
                    pass.overrides.append(arguments)
                    defer { pass.overrides.removeLast() }
                    try pass.indented(indentation, firstLineWritten: false) { try $0.render(template.nodes) }
                }
            case let .block(name, indentation, leading, children):
                if let override = overrides.lazy.compactMap({ $0[name] }).first {
                    try nested(name) {
                        try $0.indented(indentation, firstLineWritten: leading) { try $0.render(override) }
                    }
                } else {
                    try render(children)
                }
            }
        }
    }

    private mutating func renderSection(_ value: MustacheValue, inverted: Bool, _ children: [MustacheNode]) throws {
        if inverted {
            if !value.isTruthy { try render(children) }
            return
        }
        guard value.isTruthy else { return }
        if case .array(let items) = value {
            for item in items { try withContext(item) { try $0.render(children) } }
        } else {
            try withContext(value) { try $0.render(children) }
        }
    }

    /// Resolves a dotted name: the first part in the innermost context that has it, the rest
    /// only inside that value (so `a.b` never falls back to an outer `b`).
    private func lookup(_ path: [String]) -> MustacheValue? {
        guard let first = path.first else { return context.last }
        var found: MustacheValue?
        for frame in context.reversed() {
            if let value = frame[first] { found = value; break }
        }
        guard var current = found else { return nil }
        for key in path.dropFirst() {
            guard let next = current[key] else { return nil }
            current = next
        }
        return current
    }

    private mutating func withContext(_ value: MustacheValue, _ body: (inout RenderPass) throws -> Void) throws {
        context.append(value)
        defer { context.removeLast() }
        try body(&self)
    }

    private mutating func nested(_ name: String, _ body: (inout RenderPass) throws -> Void) throws {
        guard depth < MustacheRenderer.maximumDepth else {
            throw TemplateError.recursionLimit(name: name, depth: MustacheRenderer.maximumDepth)
        }
        depth += 1
        defer { depth -= 1 }
        try body(&self)
    }

    /// Runs `body` with `extra` added to the indentation. Unless the first line already has it
    /// (`firstLineWritten`), a body that starts mid-line gets it written at once; at a line start
    /// it is written lazily with the first text.
    private mutating func indented(_ extra: [UInt8], firstLineWritten: Bool,
                                   _ body: (inout RenderPass) throws -> Void) throws {
        guard !extra.isEmpty else { return try body(&self) }
        if !firstLineWritten, !atLineStart { output.append(contentsOf: extra) }
        let saved = indentation
        indentation += extra
        defer { indentation = saved }
        try body(&self)
    }

    private mutating func writeText(_ bytes: [UInt8]) {
        guard !indentation.isEmpty else {
            output.append(contentsOf: bytes)
            atLineStart = bytes.last == UInt8(ascii: "\n")
            return
        }
        var lineStart = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            if atLineStart { output.append(contentsOf: indentation) }
            output.append(contentsOf: bytes[lineStart...index])
            lineStart = index + 1
            atLineStart = true
        }
        if lineStart < bytes.count {
            if atLineStart { output.append(contentsOf: indentation) }
            output.append(contentsOf: bytes[lineStart...])
            atLineStart = false
        }
    }

    /// Interpolated values are never re-indented: only template lines are.
    private mutating func writeValue(_ text: String) {
        guard !text.isEmpty else { return }
        if atLineStart { output.append(contentsOf: indentation) }
        output.append(contentsOf: text.utf8)
        atLineStart = false
    }
}
