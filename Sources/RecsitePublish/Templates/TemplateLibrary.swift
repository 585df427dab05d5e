import Foundation

/// Every template of a site, parsed once when loaded, rendering a named template with a page model.
///
/// Names: a template's name is its path under the templates folder without the extension
/// (`user.mustache` → `user`, `partials/head.mustache` → `partials/head`); `.mustache` and
/// `.html` files are loaded, hidden files and other extensions (CSS, JS under `assets/`) skipped.
///
/// Partials and parents: `{{> head}}` and `{{< layout}}` look in `partials/` first
/// (`partials/head`), then at the top level (`layout`), so a full name such as
/// `{{> partials/head}}` works too. Every partial and parent a template names must exist
/// when the library loads; otherwise loading fails with the file and line of the tag.
///
/// Immutable and `Sendable`: render pages from many threads at once.
package struct TemplateLibrary: Sendable {
    /// Parsed templates by name.
    package let templates: [String: MustacheTemplate]
    /// Where the templates came from, for messages (a folder path, or "(in memory)").
    package let origin: String
    /// Each template's file (relative to the folder) and text, by name, for checks on the source.
    private let sources: [String: Source]
    private struct Source: Sendable { var file: String; var text: String }
    private let renderer: MustacheRenderer

    /// Loads and parses every `.mustache` and `.html` file under `directory` (recursively).
    /// `escape` is applied to `{{name}}` output; the default escapes `& < > " '`.
    package init(directory: URL,
                 escape: @escaping @Sendable (String) -> String = { HTMLEscaping.escape($0) }) throws {
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw TemplateError.unreadable(file: directory.path, reason: "the templates folder does not exist")
        }
        var sources: [String: (file: String, text: String)] = [:]
        for (file, url) in try Self.templateFiles(in: root) {
            let name = String(file[..<(file.lastIndex(of: ".") ?? file.endIndex)])
            if let other = sources[name] {
                throw TemplateError.duplicateTemplate(name: name, files: [other.file, file])
            }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw TemplateError.unreadable(file: file, reason: "cannot read the file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw TemplateError.unreadable(file: file, reason: "the file is not UTF-8 text")
            }
            sources[name] = (file, text)
        }
        try self.init(files: sources, origin: directory.path, checksPartials: true, escape: escape)
    }

    /// Parses templates given as name → source (tests, built-in templates). With `checksPartials`
    /// off, a missing partial renders as the empty string, as the Mustache spec asks.
    package init(sources: [String: String], checksPartials: Bool = true,
                 escape: @escaping @Sendable (String) -> String = { HTMLEscaping.escape($0) }) throws {
        try self.init(files: sources.mapValues { (file: "", text: $0) }, origin: "(in memory)",
                      checksPartials: checksPartials, escape: escape)
    }

    private init(files: [String: (file: String, text: String)], origin: String, checksPartials: Bool,
                 escape: @escaping @Sendable (String) -> String) throws {
        var parsed: [String: MustacheTemplate] = [:]
        for (name, entry) in files.sorted(by: { $0.key < $1.key }) {
            parsed[name] = try MustacheTemplate(entry.text, file: entry.file.isEmpty ? name : entry.file)
        }
        let templates = parsed
        if checksPartials {
            for (_, template) in templates.sorted(by: { $0.key < $1.key }) {
                for reference in template.references where Self.resolve(reference.name, in: templates) == nil {
                    throw TemplateError.missingPartial(file: template.file, line: reference.line, name: reference.name)
                }
            }
        }
        self.templates = templates
        self.origin = origin
        sources = files.mapValues { Source(file: $0.file.isEmpty ? "" : $0.file, text: $0.text) }
        renderer = MustacheRenderer(partials: { Self.resolve($0, in: templates) }, escape: escape)
    }

    /// Template names, sorted.
    package var names: [String] { templates.keys.sorted() }

    /// Whether a template with this exact name was loaded.
    package func contains(_ name: String) -> Bool { templates[name] != nil }

    /// Renders the template `name` (exact name, e.g. `user`) with `value` as the root context.
    package func render(_ name: String, _ value: MustacheValue) throws -> String {
        guard let template = templates[name] else {
            throw TemplateError.missingTemplate(name: name, directory: origin)
        }
        return try renderer.render(template, value)
    }

    /// Renders the template `name` with an `Encodable` page model (see `MustacheValue(encoding:)`).
    package func render<Model: Encodable>(_ name: String, model: Model) throws -> String {
        try render(name, MustacheValue(encoding: model))
    }

    /// Fails on the first URL attribute a template writes as a root-absolute path (`href="/assets/site.css"`):
    /// such a link works at a domain root but 404s when the site is served under a sub-path
    /// (`https://example.org/movielens-site/`) or opened from disk. `allowedPrefix` is the path of
    /// the configured base URL (`/movielens-site/`), under which root-absolute links are correct.
    package func checkRelativeLinks(allowedPrefix: String?) throws {
        for name in names {
            guard let source = sources[name] else { continue }
            for link in Self.rootAbsoluteURLs(in: source.text) {
                if let allowedPrefix, link.url.hasPrefix(allowedPrefix) { continue }
                throw TemplateError.rootAbsoluteURL(file: source.file.isEmpty ? name : source.file, line: link.line, url: link.url)
            }
        }
    }

    /// Root-absolute URLs (`/x`, not protocol-relative `//host/x`) in href, src, action, poster and
    /// srcset attributes of template text, with their 1-based line numbers.
    package static func rootAbsoluteURLs(in text: String) -> [(line: Int, url: String)] {
        let range = NSRange(text.startIndex..., in: text)
        var found: [(line: Int, url: String)] = []
        for match in rootAbsolutePattern.matches(in: text, range: range) {
            guard let urlRange = Range(match.range(at: 2), in: text) else { continue }
            let line = text[..<urlRange.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            found.append((line, String(text[urlRange])))
        }
        return found
    }

    private static let rootAbsolutePattern = try! NSRegularExpression(
        pattern: #"(?i)(?<![\w-])(href|src|action|poster|srcset)\s*=\s*["']?\s*(/(?!/)[^"'\s>]*)"#)

    /// What a partial or parent tag's name refers to: `partials/<name>`, else `<name>`.
    private static func resolve(_ name: String, in templates: [String: MustacheTemplate]) -> MustacheTemplate? {
        templates["partials/" + name] ?? templates[name]
    }

    /// Template files under `root` as (path relative to root, URL), sorted by path.
    private static func templateFiles(in root: URL) throws -> [(String, URL)] {
        let keys: [URLResourceKey] = [.isRegularFileKey]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys,
                                                          options: [.skipsHiddenFiles]) else {
            throw TemplateError.unreadable(file: root.path, reason: "cannot list the templates folder")
        }
        let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
        var files: [(String, URL)] = []
        for case let url as URL in walker {
            let ext = url.pathExtension.lowercased()
            guard ext == "mustache" || ext == "html",
                  (try? url.resourceValues(forKeys: Set(keys)).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard path.hasPrefix(base) else { continue }
            files.append((String(path.dropFirst(base.count)), url))
        }
        return files.sorted { $0.0 < $1.0 }
    }
}
