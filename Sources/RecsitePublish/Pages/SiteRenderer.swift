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
        files["index.html"] = Array(try templates.render("index", MustacheValue(encoding: index)).utf8)
        for page in users {
            files["users/\(page.userID).html"] = Array(try templates.render("user", MustacheValue(encoding: page)).utf8)
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
