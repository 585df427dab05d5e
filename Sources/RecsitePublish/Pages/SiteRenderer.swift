import Foundation

/// Renders page models through the templates into the files of a site (relative path → bytes).
package struct SiteRenderer: Sendable {
    package let templates: TemplateLibrary
    /// Static files copied as they are (`templates/assets/…` → `assets/…`).
    package let assets: [String: [UInt8]]

    /// Loads the templates and the assets beside them from one folder.
    package init(templatesDirectory: URL) throws {
        templates = try TemplateLibrary(directory: templatesDirectory)
        assets = try Self.loadAssets(templatesDirectory.appendingPathComponent("assets"))
        for name in ["index", "user"] where !templates.contains(name) {
            throw TemplateError.missingTemplate(name: name, directory: templatesDirectory.path)
        }
    }

    /// Every file of the site: the index, one page per user, the 404 page, the assets, and
    /// `sitemap.xml` when the site's public URL (ending in "/") is known.
    package func render(index: IndexPage, users: [UserPage], baseURL: String? = nil) throws -> [String: [UInt8]] {
        try checkLinks(baseURL: baseURL)
        var files = assets
        if templates.contains("404") {
            let page = NotFoundPage(site: index.site, root: baseURL ?? "")
            files["404.html"] = Array(try templates.render("404", MustacheValue(encoding: page)).utf8)
        }
        if let baseURL {
            files["sitemap.xml"] = Array(Self.sitemap(baseURL: baseURL, paths: ["index.html"] + users.map { "users/\($0.userID).html" }).utf8)
        }
        do {
            files["index.html"] = Array(try templates.render("index", MustacheValue(encoding: index)).utf8)
        } catch {
            throw SiteRenderError(page: "index.html", what: "the index", underlying: error)
        }
        for page in users {
            let path = "users/\(page.userID).html"
            do {
                files[path] = Array(try templates.render("user", MustacheValue(encoding: page)).utf8)
            } catch {
                throw SiteRenderError(page: path, what: "user \(page.userID)", underlying: error)
            }
        }
        return files
    }

    /// Fails when a template writes a root-absolute link that would 404 under a sub-path, unless it
    /// starts with the path of `baseURL` (the site's public URL). Cheap: call it before the real work.
    package func checkLinks(baseURL: String?) throws {
        let basePath = baseURL.flatMap { URL(string: $0)?.path }.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        try templates.checkRelativeLinks(allowedPrefix: basePath)
    }

    /// A sitemap (sitemaps.org 0.9) listing every page under `baseURL`.
    package static func sitemap(baseURL: String, paths: [String]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for path in paths { xml += "  <url><loc>\(HTMLEscaping.escape(baseURL + path))</loc></url>\n" }
        return xml + "</urlset>\n"
    }

    private static func loadAssets(_ directory: URL) throws -> [String: [UInt8]] {
        let fm = FileManager.default
        guard let walker = fm.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [:] }
        var files: [String: [UInt8]] = [:]
        let base = directory.standardizedFileURL.path
        for case let url as URL in walker {
            let path = url.standardizedFileURL.path
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                  path.hasPrefix(base + "/") else { continue }
            files["assets/" + path.dropFirst(base.count + 1)] = Array(try Data(contentsOf: url))
        }
        return files
    }
}

/// A page that could not be rendered, naming the page (and user) so a template author can find it.
package struct SiteRenderError: Error, CustomStringConvertible {
    package var page: String
    package var what: String
    package var underlying: any Error
    package var description: String { "\(page) (\(what)): \(underlying)" }
}
