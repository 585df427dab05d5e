import Foundation
import Testing
import RecsitePublish
import RecsiteTestSupport

@Suite("SiteWriter: atomic publishing")
struct SiteWriterTests {
    @Test("paths from data can never leave the output folder", arguments: [
        "../escape.html", "/etc/passwd", "users/../../x.html", "users/.hidden", "a//b.html", "", "users/Face/Off.html/..",
        "users/é.html", "users/a b.html",
    ])
    func rejectsUnsafePaths(path: String) {
        #expect(throws: PublishError.unsafePath(path)) { try SiteWriter.validate(path) }
    }

    @Test("plain relative paths pass", arguments: ["index.html", "users/42.html", "assets/site.css", "movies/1573.html"])
    func acceptsSafePaths(path: String) throws {
        try SiteWriter.validate(path)
    }

    @Test("publishes, then replaces the whole site, counting written, unchanged and removed files")
    func republish() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let out = folder.url.appendingPathComponent("site")
        let writer = SiteWriter(output: out)
        let first = try writer.publish(["index.html": Array("one".utf8), "users/1.html": Array("u1".utf8)])
        #expect(first == PublishReport(written: 2, unchanged: 0, removed: 0))
        let second = try writer.publish(["index.html": Array("two".utf8), "users/2.html": Array("u2".utf8)])
        #expect(second == PublishReport(written: 2, unchanged: 0, removed: 1))
        #expect(try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8) == "two")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("users/1.html").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["site"])
        let manifest = try String(contentsOf: out.appendingPathComponent(SiteWriter.manifestName), encoding: .utf8)
        #expect(manifest == "index.html\nusers/2.html\n")
    }

    @Test("leftovers of a killed build are cleaned up, and a site left only under the retired name is restored")
    func recoversFromKilledBuild() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let out = folder.url.appendingPathComponent("site")
        try SiteWriter(output: out).publish(["index.html": Array("old".utf8)])
        // A build killed between the two fallback renames: only the retired copy exists.
        try FileManager.default.moveItem(at: out, to: folder.url.appendingPathComponent(".site.recsite-old-999"))
        try folder.write(".site.recsite-staging-998/index.html", "half")
        try SiteWriter(output: out).checkOutput()
        #expect(try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8) == "old")
        try SiteWriter(output: out).publish(["index.html": Array("new".utf8)])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["site"])
    }

    @Test("a file where the site should be is an error, not a crash")
    func outputIsAFile() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = try folder.write("site", "not a folder")
        #expect(throws: PublishError.notAFolder(file.standardizedFileURL.path)) {
            try SiteWriter(output: file).publish(["index.html": []])
        }
    }
}
