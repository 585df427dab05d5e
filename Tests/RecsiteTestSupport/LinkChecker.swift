import Foundation

/// Follows every `href` and `src` in a generated site and reports the ones that do not resolve
/// to a file inside it.
package enum LinkChecker {
    /// A link that points nowhere: the page it is on and the link as written.
    package struct BrokenLink: Equatable, CustomStringConvertible {
        package var page: String
        package var link: String
        package var description: String { "\(page): \(link)" }
    }

    /// Checks every `.html` file under `site`; external links (with a scheme) are counted, not followed.
    package static func check(site: URL) throws -> (checked: Int, broken: [BrokenLink], external: [String]) {
        let root = site.standardizedFileURL
        let pages = try htmlFiles(under: root)
        var broken: [BrokenLink] = []
        var external: [String] = []
        var checked = 0
        for page in pages {
            let html = try String(contentsOf: page, encoding: .utf8)
            for link in links(in: html) {
                if link.contains("://") || link.hasPrefix("mailto:") {
                    external.append(link)
                    continue
                }
                checked += 1
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let path = parts[0], fragment = parts.count > 1 ? parts[1] : nil
                let decoded = path.removingPercentEncoding ?? path
                let target = path.isEmpty ? page : page.deletingLastPathComponent().appendingPathComponent(decoded).standardizedFileURL
                let inside = target.path.hasPrefix(root.path + "/")
                var resolves = !link.hasPrefix("/") && inside && FileManager.default.fileExists(atPath: target.path)
                // A fragment must name an element of the target page.
                if resolves, let fragment, !fragment.isEmpty {
                    let targetHTML = target == page ? html : (try? String(contentsOf: target, encoding: .utf8)) ?? ""
                    resolves = targetHTML.contains("id=\"\(fragment)\"")
                }
                if !resolves {
                    broken.append(BrokenLink(page: String(page.path.dropFirst(root.path.count + 1)), link: link))
                }
            }
        }
        return (checked, broken, external)
    }

    /// The values of every `href="…"` and `src="…"` attribute.
    package static func links(in html: String) -> [String] {
        var result: [String] = []
        for attribute in ["href=\"", "src=\""] {
            var rest = html[...]
            while let start = rest.range(of: attribute) {
                let after = rest[start.upperBound...]
                guard let end = after.firstIndex(of: "\"") else { break }
                let value = String(after[..<end])
                    .replacingOccurrences(of: "&amp;", with: "&")
                result.append(value)
                rest = after[after.index(after: end)...]
            }
        }
        return result
    }

    private static func htmlFiles(under root: URL) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var pages: [URL] = []
        for case let url as URL in walker where url.pathExtension == "html" { pages.append(url.standardizedFileURL) }
        return pages.sorted { $0.path < $1.path }
    }
}
