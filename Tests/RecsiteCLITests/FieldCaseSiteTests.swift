import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import RecsiteCLI
import RecsitePublish
import RecsiteTestSupport

/// Field cases about where the published site lives and how its files are named.
@Suite("Field cases C27–C28: sub-path hosting and file names", .serialized)
struct FieldCaseSiteTests {
    // MARK: C27 — links must work under a sub-path

    @Test("C27: served under /movielens-site/ and under /, every internal href and src from index.html resolves")
    func servedUnderSubPathAndRoot() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        try await fixture.build()
        for prefix in ["/movielens-site/", "/"] {
            let server = LoopbackHTTPServer(name: "static-site")
            let base = try server.start(handler: StaticSite(root: fixture.out, prefix: prefix).handle)
            defer { server.stop() }
            let crawl = try await Crawler.crawl(from: URL(string: prefix + "index.html", relativeTo: base)!.absoluteURL)
            #expect(crawl.missing.isEmpty, "404s under \(prefix): \(crawl.missing)")
            // The index, every cohort user's page, the stylesheet and the script were reached.
            #expect(crawl.fetched.contains(prefix + "index.html"))
            #expect(crawl.fetched.contains(prefix + "assets/site.css"))
            for user in [1, 2, 3, 4] { #expect(crawl.fetched.contains(prefix + "users/\(user).html")) }
        }
    }

    @Test("C27: no href or src of the generated site starts with '/'")
    func noRootAbsoluteLinks() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        try await fixture.build()
        for path in try fixture.snapshot().keys where path.hasSuffix(".html") {
            let rooted = LinkChecker.links(in: try fixture.page(path)).filter { $0.hasPrefix("/") }
            #expect(rooted.isEmpty, "\(path): \(rooted)")
        }
    }

    @Test("C27: the case's root-absolute template is found with its lines")
    func findsRootAbsoluteURLs() throws {
        let text = try String(contentsOf: SharedFolder.caseInput("C27").appendingPathComponent("template_root_absolute.html"),
                              encoding: .utf8)
        let found = TemplateLibrary.rootAbsoluteURLs(in: text)
        #expect(found.map(\.line) == [2, 3, 5])
        #expect(found.map(\.url) == ["/assets/site.css", "/index.html", "/users/{{userId}}.html"])
        // Relative, protocol-relative, absolute and fragment URLs are fine; so is a data-href attribute.
        let fine = ##"<a href="users/1.html"><img src="//cdn.example/x.png"><a href="https://x.org/"><a href="#top"><a data-href="/x">"##
        #expect(TemplateLibrary.rootAbsoluteURLs(in: fine).isEmpty)
        #expect(TemplateLibrary.rootAbsoluteURLs(in: "<A HREF = '/x'>").map(\.url) == ["/x"])
    }

    @Test("C27: a template with root-absolute links stops the build before any work, naming file, line and fix; the site is kept")
    func rootAbsoluteTemplateStopsTheBuild() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        try await fixture.build()
        let before = try fixture.snapshot()
        let templates = try copyOfTemplates(into: fixture.folder.url.appendingPathComponent("templates"))
        try FileManager.default.removeItem(at: templates.appendingPathComponent("user.mustache"))
        try FileManager.default.copyItem(at: SharedFolder.caseInput("C27").appendingPathComponent("template_root_absolute.html"),
                                         to: templates.appendingPathComponent("user.html"))
        do {
            try await fixture.build { $0.templatesDirectory = templates.path }
            Issue.record("a template with root-absolute links was accepted")
        } catch let error as CLIError {
            #expect(error.exitCode == .failure)
            #expect(error.message == "while loading templates from \(templates.path): user.html:2: '/assets/site.css' starts with '/': "
                + "it breaks when the site is served under a sub-path or opened from disk; write it relative to the page "
                + "with {{root}} (e.g. {{root}}assets/site.css), or give --base-url when the site lives at that path")
        }
        #expect(try fixture.snapshot() == before)

        // Declaring the site's public URL at a domain root makes those links correct.
        try await fixture.build {
            $0.templatesDirectory = templates.path
            $0.baseURL = "https://example.org/"
        }
        // …but not under a sub-path they do not start with.
        await #expect(throws: CLIError.self) {
            try await fixture.build {
                $0.templatesDirectory = templates.path
                $0.baseURL = "https://example.org/movielens-site/"
            }
        }
    }

    // MARK: C28 — file names come from ids, never from titles

    @Test("C28: titles with '/', twins and Cyrillic titles never name a file; every page path is users/<id>.html")
    func fileNamesFromIDs() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let data = folder.url.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: SharedFolder.caseInput("C28").appendingPathComponent("movies.csv"),
                                         to: data.appendingPathComponent("movies.csv"))
        let movies = [1573, 3763, 838, 26958, 4973, 900010, 900011]
        var ratings = "userId,movieId,rating,timestamp\n"
        for user in 1...6 {
            for (index, movie) in movies.enumerated() where (index + user) % 3 != 0 {
                ratings += "\(user),\(movie),\(Double((index * user) % 5 + 1)),\(1_000_000 + index)\n"
            }
        }
        try ratings.write(to: data.appendingPathComponent("ratings.csv"), atomically: true, encoding: .utf8)
        let out = folder.url.appendingPathComponent("site")
        var options = BuildOptions()
        options.dataDirectory = data.path
        options.outputDirectory = out.path
        options.templatesDirectory = PackageRoot.url.appendingPathComponent("templates").path
        options.explainer = .offline
        options.quiet = true
        options.cohort = .all
        options.top = 3
        var command = BuildCommand(options: options, environment: [:])
        command.progressOutput = { _ in }
        try await command.run()

        var paths: [String] = []
        let root = out.standardizedFileURL.path
        for case let url as URL in FileManager.default.enumerator(at: out, includingPropertiesForKeys: nil)! {
            paths.append(String(url.standardizedFileURL.path.dropFirst(root.count + 1)))
        }
        let pages = paths.filter { $0.hasPrefix("users/") }.sorted()
        #expect(pages == (1...6).map { "users/\($0).html" }.sorted())
        #expect(!paths.contains { $0.contains("Face") || $0.contains("Emma") || $0.contains("..") || $0.contains(" ") })
        #expect(paths.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(Set(paths.map { $0.lowercased() }).count == paths.count)
        // The titles themselves are shown, escaped, as text.
        let all = try pages.map { try String(contentsOf: out.appendingPathComponent($0), encoding: .utf8) }.joined()
        #expect(all.contains("Face/Off"))
        #expect(all.contains("Крепость") || all.contains("Брат"))
    }

    private func copyOfTemplates(into destination: URL) throws -> URL {
        try FileManager.default.copyItem(at: PackageRoot.url.appendingPathComponent("templates"), to: destination)
        return destination
    }
}

/// Serves a folder's files under a URL prefix, like a static host serving a project site.
private struct StaticSite: Sendable {
    let root: URL
    let prefix: String

    func handle(_ request: RecordedHTTPRequest, _ connection: HTTPConnection) {
        let path = String(request.path.split(separator: "?", maxSplits: 1)[0])
        guard path.hasPrefix(prefix), let relative = String(path.dropFirst(prefix.count)).removingPercentEncoding,
              !relative.split(separator: "/").contains(".."),
              let bytes = FileManager.default.contents(atPath: root.appendingPathComponent(relative.isEmpty ? "index.html" : relative).path)
        else {
            connection.send(404, contentType: "text/plain", body: Array("not found".utf8))
            return
        }
        connection.send(200, contentType: "application/octet-stream", body: Array(bytes))
    }
}

/// Follows every internal href and src from a start page, over HTTP.
private enum Crawler {
    static func crawl(from start: URL) async throws -> (fetched: Set<String>, missing: [String]) {
        var queue = [start]
        var seen: Set<String> = [start.path]
        var fetched: Set<String> = []
        var missing: [String] = []
        let session = URLSession(configuration: .ephemeral)
        while let url = queue.popLast() {
            let (data, response) = try await session.data(from: url)
            guard (response as? HTTPURLResponse)?.statusCode == 200 else {
                missing.append(url.path)
                continue
            }
            fetched.insert(url.path)
            guard url.path.hasSuffix(".html"), let html = String(data: data, encoding: .utf8) else { continue }
            for link in LinkChecker.links(in: html) {
                guard !link.hasPrefix("#"), !link.hasPrefix("mailto:"),
                      let target = URL(string: link, relativeTo: url)?.absoluteURL,
                      target.host == start.host, target.port == start.port else { continue }
                if seen.insert(target.path).inserted { queue.append(URL(string: target.path, relativeTo: start)!.absoluteURL) }
            }
        }
        return (fetched, missing.sorted())
    }
}
