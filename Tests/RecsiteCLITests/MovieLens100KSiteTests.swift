import Foundation
import Testing
import RecsiteTestSupport

/// The real thing: the release binary builds the site from the fetched MovieLens 100K.
/// `make test` fetches the data and builds the binary first; elsewhere the suite says why it skips.
@Suite("recsite build on MovieLens 100K (release binary)", .serialized)
struct MovieLens100KSiteTests {
    static let data = PackageRoot.url.appendingPathComponent("data/ml-100k")
    static let binary = ProcessInfo.processInfo.environment["RECSITE_BINARY"].map { URL(fileURLWithPath: $0) }
        ?? PackageRoot.url.appendingPathComponent(".build/release/recsite")

    static var ready: Bool {
        let fm = FileManager.default
        let ok = fm.fileExists(atPath: data.path) && fm.isExecutableFile(atPath: binary.path)
        if !ok {
            print("MovieLens 100K site test skipped: needs \(data.path) (make data) and \(binary.path) (make build)")
        }
        return ok || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    @Test("builds a site whose index links a page per cohort user, every page complete and every link resolving",
          .enabled(if: ready))
    func site() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let out = folder.url.appendingPathComponent("site")
        let result = try run(["build", "--data", Self.data.path, "--out", out.path, "--explainer", "offline", "--cohort", "25"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("Site written to"))
        #expect(result.stderr.contains("[7/7] Writing the site"))

        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        let userLinks = LinkChecker.links(in: index).filter { $0.hasPrefix("users/") }
        #expect(userLinks.count == 25)
        #expect(index.contains("<td>100,000</td>"))
        #expect(index.contains("<td>943</td>") && index.contains("<td>1,682</td>"))
        #expect(index.contains("may not be redistributed without separate permission"))
        for link in userLinks {
            let page = try String(contentsOf: out.appendingPathComponent(link), encoding: .utf8)
            #expect(page.contains("<h3>Hybrid at α = 0.5</h3>"), "\(link)")
            #expect(page.contains("<h3>Collaborative filtering (ALS)</h3>"), "\(link)")
            #expect(page.contains("<h3>Content similarity (TF-IDF)</h3>"), "\(link)")
            #expect(page.contains("<table class=\"alpha\">"), "\(link)")
            #expect(page.contains("<h3>Why these movies</h3>"), "\(link)")
            #expect(!page.contains("NaN"), "\(link)")
        }
        let links = try LinkChecker.check(site: out)
        #expect(links.broken == [])
        #expect(links.checked >= 25 * 4)
    }

    @Test("reports a data folder with no known layout, listing the layouts it reads", .enabled(if: ready))
    func unknownLayout() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try folder.write("data/readme.txt", "nothing here")
        let result = try run(["build", "--data", folder.url.appendingPathComponent("data").path,
                              "--out", folder.url.appendingPathComponent("site").path, "--explainer", "offline"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("ratings.csv + movies.csv"))
        #expect(result.stderr.contains("u.data + u.item"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("site").path))
    }

    @Test("train once, then build --model-dir: the same user pages without retraining, and --json says where the model came from",
          .enabled(if: ready))
    func reuseSavedModel() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let model = folder.url.appendingPathComponent("model")
        let epoch = ["SOURCE_DATE_EPOCH": "1700000000"]
        let train = try run(["train", "--data", Self.data.path, "--model-dir", model.path, "--quiet"], environment: epoch)
        #expect(train.status == 0, "stderr: \(train.stderr)")
        let common = ["--data", Self.data.path, "--explainer", "offline", "--cohort", "10", "--no-cache"]
        let trained = try run(["build", "--out", folder.url.appendingPathComponent("a").path] + common, environment: epoch)
        let reused = try run(["build", "--out", folder.url.appendingPathComponent("b").path, "--model-dir", model.path, "--json"] + common,
                             environment: epoch)
        #expect(trained.status == 0 && reused.status == 0, "stderr: \(reused.stderr)")
        #expect(reused.stderr.contains("[2/7] Reusing the ALS model in \(model.standardizedFileURL.path) (trained by recsite's native ALS at 2023-11-14T22:13:20Z;"))
        #expect(!reused.stderr.contains("Training ALS"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(reused.stdout.utf8)) as? [String: Any])
        let als = try #require(json["alsModel"] as? [String: Any])
        #expect(als["source"] as? String == "reused" && als["engine"] as? String == "native")
        #expect(als["folder"] as? String == model.standardizedFileURL.path && als["trainedAt"] as? String == "2023-11-14T22:13:20Z")
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("a/users").path).sorted()
        #expect(pages.count == 10)
        for page in pages {
            let a = try Data(contentsOf: folder.url.appendingPathComponent("a/users/\(page)"))
            let b = try Data(contentsOf: folder.url.appendingPathComponent("b/users/\(page)"))
            #expect(a == b, "users/\(page) differs between the trained and the reused model")
        }
    }

    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = PackageRoot.url
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
