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

    /// Every file of the site: the index, one page per user, and the assets.
    package func render(index: IndexPage, users: [UserPage]) throws -> [String: [UInt8]] {
        var files = assets
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
