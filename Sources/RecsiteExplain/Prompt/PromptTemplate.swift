import Foundation

/// The editable text of the prompt (`templates/prompt/explanation.txt`): three sections of plain
/// text with `{{name}}` placeholders that recsite fills with the user's data.
///
/// Deliberately tiny, not Mustache (RecsiteExplain must not depend on RecsitePublish): no loops,
/// no escaping, no partials. Rules:
/// - `--- system ---`, `--- user ---` and `--- completion ---` lines start the sections (the
///   completion section is optional; without it the built-in one is used);
/// - `{{! … }}` is a comment, possibly over several lines; a line left blank by a comment goes;
/// - a line with placeholders that all come out empty is dropped (so an optional sentence such as
///   `Across α values: {{alpha_summary}}` disappears with its data);
/// - blank lines at the start and end of a section are trimmed;
/// - values are filled in one pass, so data that looks like `{{user_id}}` stays literal.
package struct PromptTemplate: Sendable, Equatable {
    /// One section of the template.
    package enum Section: String, Sendable, CaseIterable {
        /// The chat system message.
        case system
        /// The chat user message.
        case user
        /// The single text sent to a completion API (base models), built from the other two.
        case completion
    }

    /// The placeholders a data section (system, user) may use.
    package static let dataPlaceholders: Set<String> = [
        "user_id", "rating_count", "mean_rating", "liked_movies", "liked_count", "genre_profile", "alpha",
        "alpha_meaning", "alpha_summary", "recommendations", "candidates", "questions", "headings",
    ]
    /// The placeholders the completion section may use: the two rendered messages.
    package static let completionPlaceholders: Set<String> = ["system", "user"]

    /// A run of literal text or a placeholder, within one line.
    enum Piece: Sendable, Equatable {
        case text(String)
        case placeholder(String)
    }

    /// Where the template came from, for messages: a file path or "the built-in prompt template".
    package let origin: String
    private var sections: [Section: [[Piece]]]

    /// Parses `text`; `origin` names it in errors.
    package init(parsing text: String, origin: String) throws(PromptTemplateError) {
        self.origin = origin
        var current: Section?
        var collected: [Section: [(number: Int, text: String)]] = [:]
        for (number, line) in Self.stripComments(text, origin: origin) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let section = Section.allCases.first(where: { trimmed == "--- \($0.rawValue) ---" }) {
                guard collected[section] == nil else { throw .duplicateSection(section.rawValue, line: number, origin: origin) }
                collected[section] = []
                current = section
                continue
            }
            guard let current else {
                guard trimmed.isEmpty else { throw .textOutsideSection(line: number, origin: origin) }
                continue
            }
            collected[current, default: []].append((number, line))
        }
        var parsed: [Section: [[Piece]]] = [:]
        for (section, lines) in collected {
            let allowed = section == .completion ? Self.completionPlaceholders : Self.dataPlaceholders
            var body = lines[...]
            while body.first?.text.allSatisfy(\.isWhitespace) == true { body = body.dropFirst() }
            while body.last?.text.allSatisfy(\.isWhitespace) == true { body = body.dropLast() }
            parsed[section] = try body.map { line throws(PromptTemplateError) in
                try Self.pieces(of: line.text, number: line.number, section: section, allowed: allowed, origin: origin)
            }
        }
        for required in [Section.system, .user] where parsed[required] == nil {
            throw .missingSection(required.rawValue, origin: origin)
        }
        if parsed[.completion] == nil { parsed[.completion] = Self.builtIn.sections[.completion] }
        sections = parsed
    }

    /// Reads `<templatesDirectory>/prompt/explanation.txt`; nil when the file does not exist.
    package static func load(templatesDirectory: URL) throws(PromptTemplateError) -> PromptTemplate? {
        let file = templatesDirectory.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw .unreadable(path: file.path, reason: "\(error.localizedDescription)")
        }
        return try PromptTemplate(parsing: text, origin: file.path)
    }

    /// Where the template lives inside a templates folder.
    package static let relativePath = "prompt/explanation.txt"

    /// Fills `section` with `values` (missing names render empty).
    package func render(_ section: Section, values: [String: String]) -> String {
        var out: [String] = []
        for pieces in sections[section] ?? [] {
            var line = ""
            var placeholders = 0
            var filled = 0
            for piece in pieces {
                switch piece {
                case let .text(text):
                    line += text
                case let .placeholder(name):
                    placeholders += 1
                    let value = values[name] ?? ""
                    if !value.isEmpty { filled += 1 }
                    line += value
                }
            }
            if placeholders > 0 && filled == 0 { continue }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }

    // MARK: - Parsing

    /// The lines of `text` (numbered from 1) with `{{! … }}` comments removed; lines that held only
    /// a comment (or the middle of one) are dropped.
    private static func stripComments(_ text: String, origin: String) -> [(Int, String)] {
        var result: [(Int, String)] = []
        var inComment = false
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            var rest = Substring(raw.hasSuffix("\r") ? raw.dropLast() : raw)
            var kept = ""
            var hadComment = inComment
            while !rest.isEmpty {
                if inComment {
                    guard let end = rest.range(of: "}}") else { rest = ""; break }
                    rest = rest[end.upperBound...]
                    inComment = false
                } else if let start = rest.range(of: "{{!") {
                    kept += rest[..<start.lowerBound]
                    rest = rest[start.upperBound...]
                    inComment = true
                    hadComment = true
                } else {
                    kept += rest
                    rest = ""
                }
            }
            if hadComment && kept.allSatisfy(\.isWhitespace) { continue }
            // The final newline of the file ends the last line; it does not start another.
            if index == lines.count - 1 && raw.isEmpty { continue }
            result.append((index + 1, kept))
        }
        return result
    }

    /// Splits one line into text and `{{name}}` pieces, checking every name.
    private static func pieces(of line: String, number: Int, section: Section, allowed: Set<String>,
                               origin: String) throws(PromptTemplateError) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(line)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw .unclosedPlaceholder(line: number, origin: origin)
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard allowed.contains(name) else {
                throw .unknownPlaceholder(name, section: section.rawValue, line: number,
                                          allowed: allowed.sorted(), origin: origin)
            }
            pieces.append(.placeholder(name))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty || pieces.isEmpty { pieces.append(.text(String(rest))) }
        return pieces
    }
}

/// A prompt template recsite cannot use, with the file and line to fix.
package enum PromptTemplateError: Error, Equatable, CustomStringConvertible {
    /// `{{name}}` is not one of the placeholders the section offers.
    case unknownPlaceholder(String, section: String, line: Int, allowed: [String], origin: String)
    /// A `{{` with no `}}` after it on the same line.
    case unclosedPlaceholder(line: Int, origin: String)
    /// The template has no `--- system ---` or no `--- user ---` section.
    case missingSection(String, origin: String)
    /// A section marker appears twice.
    case duplicateSection(String, line: Int, origin: String)
    /// Text before the first section marker (it would belong to no message).
    case textOutsideSection(line: Int, origin: String)
    /// The file exists but could not be read as UTF-8.
    case unreadable(path: String, reason: String)

    package var description: String {
        switch self {
        case let .unknownPlaceholder(name, section, line, allowed, origin):
            return "\(origin):\(line): the \(section) section has no placeholder {{\(name)}}; it offers "
                + allowed.map { "{{\($0)}}" }.joined(separator: ", ")
        case let .unclosedPlaceholder(line, origin):
            return "\(origin):\(line): a placeholder opened with {{ is not closed with }} on the same line"
        case let .missingSection(section, origin):
            return "\(origin): the prompt template needs a line '--- \(section) ---' starting its \(section) section"
        case let .duplicateSection(section, line, origin):
            return "\(origin):\(line): the '--- \(section) ---' section appears twice"
        case let .textOutsideSection(line, origin):
            return "\(origin):\(line): text before the first section line ('--- system ---'); move it into a section "
                + "or make it a {{! comment }}"
        case let .unreadable(path, reason):
            return "cannot read the prompt template \(path): \(reason)"
        }
    }
}
