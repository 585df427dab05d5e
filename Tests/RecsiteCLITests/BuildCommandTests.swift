import Foundation
import Testing
import RecsiteCLI
import RecsitePublish
import RecsiteTestSupport

/// Runs `recsite build` in-process on a synthetic data set and reads the site it wrote.
struct BuildFixture {
    let folder: TemporaryDirectory
    let data: URL
    var out: URL { folder.url.appendingPathComponent("site") }

    init(extraMovies: [(id: Int, title: String, genres: String)] = []) throws {
        folder = try TemporaryDirectory()
        data = try SyntheticMovieLens.write(into: folder.url.appendingPathComponent("data"), extraMovies: extraMovies)
    }

    func options(_ change: (inout BuildOptions) -> Void = { _ in }) -> BuildOptions {
        var options = BuildOptions()
        options.dataDirectory = data.path
        options.outputDirectory = out.path
        options.templatesDirectory = PackageRoot.url.appendingPathComponent("templates").path
        options.explainer = .offline
        options.quiet = true
        options.cohort = .users([1, 2, 3, 4])
        change(&options)
        return options
    }

    @discardableResult
    func build(environment: [String: String] = [:], _ change: (inout BuildOptions) -> Void = { _ in }) async throws -> BuildCommand.Summary {
        var command = BuildCommand(options: options(change), environment: environment)
        command.progressOutput = { _ in }
        return try await command.run()
    }

    func page(_ path: String) throws -> String {
        try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every file of the site with its bytes, for comparing whole trees.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = out.standardizedFileURL.path
        for case let url as URL in FileManager.default.enumerator(at: out, includingPropertiesForKeys: nil)! {
            let path = url.standardizedFileURL.path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[String(path.dropFirst(root.count + 1))] = try Data(contentsOf: url)
            }
        }
        return files
    }
}

@Suite("recsite build, end to end on a synthetic data set")
struct BuildCommandTests {
    @Test("writes an index linking a page per cohort user, each with three lists, the α table and an explanation")
    func sitePages() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        let summary = try await fixture.build()
        #expect(summary.pages == 5)
        let index = try fixture.page("index.html")
        for user in 1...4 {
            #expect(index.contains("<a href=\"users/\(user).html\">User \(user)</a>"))
            let page = try fixture.page("users/\(user).html")
            #expect(page.contains("<h3>Hybrid at α = 0.5</h3>"))
            #expect(page.contains("<h3>Collaborative filtering (ALS)</h3>"))
            #expect(page.contains("<h3>Content similarity (TF-IDF)</h3>"))
            #expect(page.contains("<table class=\"alpha\">"))
            #expect(page.contains("<th scope=\"col\" class=\"num\">α 0.25</th>"))
            #expect(page.contains("Written by recsite offline explainer"))
            #expect(page.contains("<h3>Why these movies</h3>"))
            #expect(page.contains("href=\"../assets/site.css\""))
            #expect(!page.contains("NaN") && !page.contains("nan<") && !page.contains("inf<"))
        }
        #expect(FileManager.default.fileExists(atPath: fixture.out.appendingPathComponent("assets/site.css").path))
    }

    @Test("every internal link and asset of the site resolves, and none is root-absolute")
    func linksResolve() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        try await fixture.build()
        let result = try LinkChecker.check(site: fixture.out)
        #expect(result.broken == [])
        #expect(result.checked > 20)
    }

    @Test("two builds of the same inputs write byte-identical sites, whatever the thread count")
    func deterministic() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        let environment = ["SOURCE_DATE_EPOCH": "1700000000"]
        try await fixture.build(environment: environment) { $0.threads = 1 }
        let first = try fixture.snapshot()
        try await fixture.build(environment: environment) { $0.threads = 8 }
        let second = try fixture.snapshot()
        #expect(first == second)
        #expect(try fixture.page("index.html").contains("on 2023-11-14T22:13:20Z"))
    }

    @Test("a rebuild with unchanged inputs keeps every file's bytes and modification time")
    func unchangedFilesKeepTheirTime() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        try await fixture.build()
        let file = fixture.out.appendingPathComponent("users/2.html").path
        let before = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date
        let summary = try await fixture.build()
        let after = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date
        #expect(summary.publish.written == 0)
        // 4 user pages, the index, 404.html, metrics.json and the two assets.
        #expect(summary.publish.unchanged == 9)
        #expect(before == after)
    }

    @Test("titles with markup are escaped on every page and in the explanation")
    func hostileTitle() async throws {
        let fixture = try BuildFixture(extraMovies: [(900, "<script>alert(1)</script> & \"Friends\" [x](javascript:alert(2))", "Action|Thriller")])
        defer { fixture.folder.remove() }
        try await fixture.build { $0.cohort = .users([1]) }
        let page = try fixture.page("users/1.html")
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("href=\"javascript:"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Friends&quot; [x](javascript:alert(2))"))
    }

    @Test("a failed build leaves the previous site byte-identical and no staging folder behind")
    func failedBuildKeepsSite() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        try await fixture.build()
        let before = try fixture.snapshot()
        let broken = try TemporaryDirectory()
        defer { broken.remove() }
        try broken.write("index.mustache", "{{#cohort}}never closed")
        try broken.write("user.mustache", "{{userID}}")
        await #expect(throws: CLIError.self) {
            try await fixture.build { $0.templatesDirectory = broken.url.path }
        }
        #expect(try fixture.snapshot() == before)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.url.path)
        #expect(siblings.sorted() == ["data", "site"])
    }

    @Test("refuses to replace a non-empty folder recsite did not write, unless --force")
    func refusesForeignFolder() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        try fixture.folder.write("site/notes.txt", "mine")
        do {
            try await fixture.build()
            Issue.record("the build replaced a folder it did not create")
        } catch let error as CLIError {
            #expect(error.exitCode == .cannotCreate)
            #expect(error.message.contains("was not written by recsite"))
        }
        #expect(try String(contentsOf: fixture.out.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")
        try await fixture.build { $0.force = true }
        #expect(!FileManager.default.fileExists(atPath: fixture.out.appendingPathComponent("notes.txt").path))
    }

    @Test("--base-url adds a sitemap of every page and absolute links in 404.html; without it there is no sitemap")
    func sitemap() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        try await fixture.build()
        #expect(!FileManager.default.fileExists(atPath: fixture.out.appendingPathComponent("sitemap.xml").path))
        #expect(try fixture.page("404.html").contains("<a href=\"index.html\">Go to the report's index</a>"))
        try await fixture.build { $0.baseURL = "https://example.org/movielens-site/" }
        let sitemap = try fixture.page("sitemap.xml")
        #expect(sitemap.contains("<loc>https://example.org/movielens-site/index.html</loc>"))
        #expect(sitemap.contains("<loc>https://example.org/movielens-site/users/4.html</loc>"))
        #expect(sitemap.components(separatedBy: "<url>").count - 1 == 5)
        #expect(try fixture.page("404.html").contains("href=\"https://example.org/movielens-site/assets/site.css\""))
    }

    @Test("a requested user without ratings is a clear usage error naming the user")
    func unknownUser() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        do {
            try await fixture.build { $0.cohort = .users([1, 777]) }
            Issue.record("expected an error")
        } catch let error as CLIError {
            #expect(error.exitCode == .usage)
            #expect(error.message.contains("777"))
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.out.path))
    }
}

@Suite("recsite build with Ollama (through the test double)")
struct BuildWithOllamaTests {
    @Test("a missing model stops the run with the pull command before the output folder is touched (C19)")
    func missingModel() async throws {
        let double = OllamaTestDouble(models: ["gemma3:12b", "llama3.2:latest"])
        let url = try double.start()
        defer { double.stop() }
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        do {
            try await fixture.build { $0.explainer = .llm; $0.llmURL = url.absoluteString }
            Issue.record("expected an error")
        } catch let error as CLIError {
            #expect(error.exitCode == .unavailable)
            #expect(error.message.contains("ollama pull gemma3"))
            #expect(error.message.contains("gemma3:12b"))
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.out.path))
        #expect(double.requests(path: "/api/chat").isEmpty)
    }

    @Test("the model's Markdown reaches the page rendered safely, labelled with the model")
    func explanationFromModel() async throws {
        let double = OllamaTestDouble(models: ["gemma3:latest"],
                                      reply: "## Your taste\n\nYou like **comedies**.<script>alert(1)</script> ![x](https://evil.example/p.png)")
        let url = try double.start()
        defer { double.stop() }
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        try await fixture.build { $0.explainer = .llm; $0.llmURL = url.absoluteString; $0.cohort = .users([1, 2]) }
        let page = try fixture.page("users/1.html")
        #expect(page.contains("Written by ollama · gemma3"))
        #expect(page.contains("<h3>Your taste</h3>"))
        #expect(page.contains("You like <strong>comedies</strong>."))
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("evil.example"))
        #expect(double.requests(path: "/api/chat").count == 2)
    }

    @Test("with --explainer auto and no server, the offline explainer writes every page")
    func autoFallsBack() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        try await fixture.build { $0.explainer = .auto; $0.llmURL = "http://127.0.0.1:9" }
        #expect(try fixture.page("users/1.html").contains("Written by recsite offline explainer"))
        #expect(try fixture.page("index.html").contains("Explanations: recsite offline explainer"))
    }

    @Test("a failure for one user costs only that user's explanation; the page says so")
    func oneUserFails() async throws {
        let double = OllamaTestDouble(models: ["gemma3:latest"], reply: "## Fine\n\nAll good.")
        let url = try double.start()
        defer { double.stop() }
        double.script([.status(500, message: "boom")])
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        let summary = try await fixture.build { $0.explainer = .llm; $0.llmURL = url.absoluteString; $0.cohort = .users([1, 2]) }
        #expect(summary.explanationFailures == 1)
        let first = try fixture.page("users/1.html")
        #expect(first.contains("class=\"warning\">ollama · gemma3 failed"))
        #expect(first.contains("Written by recsite offline explainer"))
        #expect(try fixture.page("users/2.html").contains("<h3>Fine</h3>"))
    }

    @Test("a server that trickles its answer past --llm-max-time costs each user only their explanation; the build completes")
    func tricklingServer() async throws {
        let double = OllamaTestDouble(models: ["gemma3:latest"], reply: Array(repeating: "slow", count: 100).joined(separator: " "))
        let url = try double.start()
        defer { double.stop() }
        double.setChunkDelay(0.2)  // 20 s per answer, never silent for long
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        let start = Date()
        let summary = try await fixture.build {
            $0.explainer = .llm; $0.llmURL = url.absoluteString; $0.cohort = .users([1, 2]); $0.llmMaxTime = 1; $0.llmTimeout = 5
        }
        #expect(Date().timeIntervalSince(start) < 15)
        #expect(summary.explanationFailures == 2)
        let page = try fixture.page("users/1.html")
        #expect(page.contains("had not finished the answer after 1 s in all"))
        #expect(page.contains("Written by recsite offline explainer"))
        // A failure is never cached: the next build asks again.
        double.setChunkDelay(0)
        let second = try await fixture.build { $0.explainer = .llm; $0.llmURL = url.absoluteString; $0.cohort = .users([1, 2]) }
        #expect(second.explanationFailures == 0)
    }

    @Test("a rebuild asks the model only for prompts that changed; --refresh-explanations asks again")
    func cacheMakesRebuildsFree() async throws {
        let double = OllamaTestDouble(models: ["gemma3:latest"], reply: "## Cached\n\nFrom the model.")
        let url = try double.start()
        defer { double.stop() }
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        func build(_ change: @escaping (inout BuildOptions) -> Void = { _ in }) async throws {
            try await fixture.build { $0.explainer = .llm; $0.llmURL = url.absoluteString; $0.cohort = .users([1, 2]); change(&$0) }
        }
        try await build()
        #expect(double.requests(path: "/api/chat").count == 2)
        try await build()
        #expect(double.requests(path: "/api/chat").count == 2)
        #expect(try fixture.page("users/1.html").contains("<h3>Cached</h3>"))
        try await build { $0.top = 5 }
        #expect(double.requests(path: "/api/chat").count == 4)
        try await build { $0.top = 5; $0.refreshExplanations = true }
        #expect(double.requests(path: "/api/chat").count == 6)
        #expect(FileManager.default.fileExists(atPath: fixture.folder.url.appendingPathComponent(".recsite-cache/explanations").path))
    }

    @Test("--llm openai --llm-api completions speaks /v1/completions and labels the page with the server's model")
    func openAICompletions() async throws {
        let double = OpenAITestDouble(models: ["gemma-3-270m"], reply: "## From llama.cpp\n\nA completion.")
        let url = try double.start()
        defer { double.stop() }
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        try await fixture.build {
            $0.explainer = .llm; $0.llm = .openai; $0.llmAPI = .completions; $0.llmURL = url.absoluteString
            $0.cohort = .users([3]); $0.useCache = false
        }
        #expect(double.requests(path: "/v1/completions").count == 1)
        let page = try fixture.page("users/3.html")
        #expect(page.contains("<h3>From llama.cpp</h3>"))
        #expect(page.contains("gemma-3-270m"))
    }
}

