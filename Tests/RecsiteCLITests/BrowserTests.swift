import Foundation
import Testing
import RecsiteTestSupport

/// The generated site in a real browser: headless Chromium (Debian's `chromium`, which `make test`
/// installs) opens the index and a user page from disk at desktop and phone widths, keeps the
/// screenshots under `.build/screenshots/` for a person to look at, and fails on any message the
/// pages write to the JavaScript console.
@Suite("The site in headless Chromium", .serialized)
struct BrowserTests {
    static let chromium: URL? = {
        let candidates = [ProcessInfo.processInfo.environment["CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser"]
        return candidates.compactMap { $0 }.map { URL(fileURLWithPath: $0) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// In CI the browser must be there; elsewhere the suite says why it skips.
    static var ready: Bool {
        if chromium == nil { print("Browser test skipped: no chromium (apt-get install chromium, or make test)") }
        return (chromium != nil && MovieLens100KSiteTests.ready) || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    static let widths = [("desktop", 1280, 2000), ("phone", 360, 2400)]

    @Test("index and a user page load from file:// without console errors; the script runs; screenshots at 1280 and 360 px",
          .enabled(if: ready))
    func pagesInChromium() throws {
        let browser = try #require(Self.chromium, "chromium is not installed: apt-get install chromium")
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let site = folder.url.appendingPathComponent("site")
        let build = try Self.run(MovieLens100KSiteTests.binary, ["build", "--data", MovieLens100KSiteTests.data.path,
                                                                  "--out", site.path, "--explainer", "offline", "--cohort", "25", "--quiet"])
        #expect(build.status == 0, "\(build.stderr)")

        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        let user = try #require(LinkChecker.links(in: index).first { $0.hasPrefix("users/") })
        let screenshots = PackageRoot.url.appendingPathComponent(".build/screenshots")
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)

        for (page, name) in [("index.html", "index"), (user, "user")] {
            let url = site.appendingPathComponent(page).absoluteString
            // The DOM after the scripts ran, and everything the page wrote to the console.
            let dump = try Self.run(browser, Self.flags + ["--enable-logging=stderr", "--v=0", "--dump-dom", url], in: folder.url)
            #expect(dump.status == 0, "\(page): \(dump.stderr)")
            let console = dump.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }
            #expect(console.isEmpty, "\(page) wrote to the console: \(console)")
            #expect(dump.stdout.contains("</html>"), "\(page): no DOM was dumped")
            if name == "index" {
                // site.js ran: the cohort table got its sort buttons and filter box.
                #expect(dump.stdout.contains("<button type=\"button\" class=\"sort\">"))
                #expect(dump.stdout.contains("<input type=\"search\""))
            }
            for (label, width, height) in Self.widths {
                let png = screenshots.appendingPathComponent("\(name)-\(label).png")
                try? FileManager.default.removeItem(at: png)
                let shot = try Self.run(browser, Self.flags + ["--hide-scrollbars", "--window-size=\(width),\(height)",
                                                               "--screenshot=\(png.path)", url], in: folder.url)
                #expect(shot.status == 0, "\(page) at \(width) px: \(shot.stderr)")
                let bytes = try [UInt8](Data(contentsOf: png))
                // A PNG whose IHDR width is the window's.
                #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
                let pngWidth = bytes.count > 24 ? bytes[16..<20].reduce(0) { $0 << 8 | Int($1) } : 0
                #expect(pngWidth == width, "\(png.lastPathComponent) is \(pngWidth) px wide")
            }
        }
        print("Screenshots in \(screenshots.path)")
    }

    @Test("every href and src of the whole site, fragments included, resolves inside it", .enabled(if: MovieLens100KSiteTests.ready))
    func linksResolve() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let site = folder.url.appendingPathComponent("site")
        let build = try Self.run(MovieLens100KSiteTests.binary, ["build", "--data", MovieLens100KSiteTests.data.path,
                                                                  "--out", site.path, "--explainer", "offline", "--cohort", "all", "--quiet"])
        #expect(build.status == 0, "\(build.stderr)")
        let links = try LinkChecker.check(site: site)
        #expect(links.broken == [])
        #expect(links.checked > 943 * 5)
        // Self-contained: no page loads or links anything from elsewhere.
        #expect(links.external.isEmpty, "\(Set(links.external))")
    }

    /// A fresh profile per run, no sandbox (root in CI), no GPU.
    static let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                        "--user-data-dir=" + FileManager.default.temporaryDirectory.appendingPathComponent("recsite-chromium-\(getpid())").path]

    static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        // Standard error goes to a file, so a chatty browser can never block on a full pipe.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("recsite-browser-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? Data(contentsOf: errorFile)) ?? Data()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
