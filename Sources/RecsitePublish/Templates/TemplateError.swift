/// What can go wrong loading or rendering templates, each with the file and line a user can fix.
///
/// `description` reads like a compiler message (`user.mustache:12: {{#items}} is never closed …`),
/// so the CLI prints it as it is.
package enum TemplateError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An opening delimiter (`{{`) whose closing delimiter never follows.
    case unclosedTag(file: String, line: Int, opening: String, closing: String)
    /// A tag without a name, or with a name that has spaces or empty dotted parts (`{{ }}`, `{{first name}}`, `{{a..b}}`).
    case invalidTag(file: String, line: Int, content: String)
    /// A set-delimiter tag that is not two space-separated delimiters without `=` (`{{=<% %>=}}` is valid).
    case invalidDelimiters(file: String, line: Int, content: String)
    /// A section, inverted section, parent or block (`#items`) that is still open at the end of the file.
    case unclosedSection(file: String, line: Int, tag: String)
    /// A closing tag (`found`) that names another section than the innermost open one (`expected`, opened at `openedAt`).
    case mismatchedClose(file: String, line: Int, found: String, expected: String, openedAt: Int)
    /// A closing tag while no section is open.
    case unexpectedClose(file: String, line: Int, name: String)
    /// A partial or parent tag naming a template the library does not have.
    case missingPartial(file: String, line: Int, name: String)
    /// `render` asked for a template the library does not have; `directory` is where templates were loaded from.
    case missingTemplate(name: String, directory: String)
    /// Two files give the same template name (`user.mustache` and `user.html`).
    case duplicateTemplate(name: String, files: [String])
    /// A template file or folder that cannot be read, or a file that is not UTF-8.
    case unreadable(file: String, reason: String)
    /// Partials, parents or blocks nested deeper than `depth`: a partial that includes itself with no way out.
    case recursionLimit(name: String, depth: Int)
    /// A URL attribute written as a root-absolute path, which 404s when the site is served under a sub-path.
    case rootAbsoluteURL(file: String, line: Int, url: String)
    /// A page model that `JSONEncoder` refused (for example a `Double.nan`).
    case unencodableModel(type: String, reason: String)

    package var description: String {
        switch self {
        case let .unclosedTag(file, line, opening, closing):
            return "\(file):\(line): a tag opened with '\(opening)' is never closed with '\(closing)'"
        case let .invalidTag(file, line, content):
            return "\(file):\(line): '\(content)' is not a tag name (names have no spaces; dotted names like 'a.b' have no empty parts)"
        case let .invalidDelimiters(file, line, content):
            return "\(file):\(line): '\(content)' does not set delimiters; write two delimiters separated by a space, like {{=<% %>=}}"
        case let .unclosedSection(file, line, tag):
            return "\(file):\(line): {{\(tag)}} is never closed; add {{/\(tag.dropFirst())}}"
        case let .mismatchedClose(file, line, found, expected, openedAt):
            return "\(file):\(line): {{/\(found)}} does not close {{\(expected)}} opened at line \(openedAt); "
                + "expected {{/\(expected.dropFirst())}}"
        case let .unexpectedClose(file, line, name):
            return "\(file):\(line): {{/\(name)}} closes nothing; no section is open here"
        case let .missingPartial(file, line, name):
            return "\(file):\(line): no template named '\(name)' for this partial (looked for 'partials/\(name)' and '\(name)')"
        case let .missingTemplate(name, directory):
            return "no template named '\(name)' in \(directory) (expected \(name).mustache or \(name).html)"
        case let .duplicateTemplate(name, files):
            return "two files define the template '\(name)': \(files.joined(separator: " and ")); keep one"
        case let .unreadable(file, reason):
            return "\(file): \(reason)"
        case let .recursionLimit(name, depth):
            return "'\(name)' nests partials more than \(depth) deep; does a partial include itself outside a section?"
        case let .rootAbsoluteURL(file, line, url):
            return "\(file):\(line): '\(url)' starts with '/': it breaks when the site is served under a sub-path "
                + "or opened from disk; write it relative to the page with {{root}} (e.g. {{root}}\(url.drop { $0 == "/" })), "
                + "or give --base-url when the site lives at that path"
        case let .unencodableModel(type, reason):
            return "cannot turn \(type) into template data: \(reason)"
        }
    }
}
