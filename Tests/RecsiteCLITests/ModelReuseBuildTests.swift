import Foundation
import Testing
import RecsiteCLI
import RecsiteCore
import RecsiteTestSupport

/// `recsite build --model-dir DIR` and `--new-ratings FILE`: reuse a saved model, fold in new users.
@Suite("recsite build with a saved model")
struct ModelReuseBuildTests {
    /// Trains the fixture's data into `<folder>/model` as `recsite train` does, at a fixed time.
    static func train(_ fixture: BuildFixture, data: URL? = nil) throws -> URL {
        let model = fixture.folder.url.appendingPathComponent("model")
        var train = try TrainCommand(arguments: ["--data", (data ?? fixture.data).path, "--model-dir", model.path, "--quiet"])
        train.environment = ["SOURCE_DATE_EPOCH": "1700000000"]
        train.progressOutput = { _ in }
        try train.run()
        return model
    }

    /// Runs a build with progress captured.
    static func build(_ fixture: BuildFixture, _ change: (inout BuildOptions) -> Void) async throws -> (BuildCommand.Summary, [String]) {
        let lines = LineCollector()
        var command = BuildCommand(options: fixture.options {
            $0.quiet = false
            change(&$0)
        }, environment: [:])
        command.progressOutput = { lines.append($0) }
        let summary = try await command.run()
        return (summary, lines.all)
    }

    @Test("reusing the saved model writes the same user pages as training in the build, and says it was reused")
    func reuseMatchesTraining() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        try await fixture.build()
        let trained = try fixture.snapshot()
        let model = try Self.train(fixture)

        let (summary, progress) = try await Self.build(fixture) { $0.modelDirectory = model.path }
        #expect(summary.modelSource == .reuse(folder: model.path))
        let reused = try fixture.snapshot()
        #expect(Set(reused.keys) == Set(trained.keys))
        for (path, bytes) in trained where path.hasPrefix("users/") {
            #expect(reused[path] == bytes, "\(path) differs between the trained and the reused model")
        }
        let text = progress.joined()
        #expect(text.contains("[2/7] Reusing the ALS model in \(model.standardizedFileURL.path) (trained by recsite's native ALS at "
            + "2023-11-14T22:13:20Z; rank 10, 10 iterations, λ 0.1 × ratings per row (ALS-WR), nonnegative, seed 42)\n"))
        #expect(text.contains("      not retrained: data fingerprint fnv1a64:"))
        #expect(!text.contains("Training ALS"))
        let index = try fixture.page("index.html")
        #expect(index.contains("<tr><th scope=\"row\">ALS model</th><td>reused from the model folder model, not retrained: "
            + "trained by recsite&#39;s native ALS at 2023-11-14T22:13:20Z with recsite 0.1.0 on data, "))
        #expect(index.contains("<tr><th scope=\"row\">ALS</th><td>rank 10, 10 iterations, λ 0.1 × ratings per row (ALS-WR), nonnegative, seed 42</td></tr>"))
    }

    @Test("a build that trains says which engine trained it")
    func trainedFact() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        let summary = try await fixture.build()
        #expect(summary.modelSource == .train(.native))
        #expect(try fixture.page("index.html").contains("<tr><th scope=\"row\">ALS model</th><td>trained in this build by recsite&#39;s native ALS</td></tr>"))
    }

    @Test("a model trained on other data is refused with exit 65 before anything is written")
    func otherData() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        let other = try SyntheticMovieLens.write(into: fixture.folder.url.appendingPathComponent("other"), users: 31)
        let model = try Self.train(fixture, data: other)
        let error = await #expect(throws: CLIError.self) { try await fixture.build { $0.modelDirectory = model.path } }
        #expect(error?.exitCode == .dataError)
        #expect(error?.message.hasPrefix("the model in \(model.path) was trained on different data (model: ") == true)
        #expect(error?.message.hasSuffix("retrain with 'recsite train --data DIR --model-dir \(model.path)' or pass the data it was trained on") == true)
        #expect(!FileManager.default.fileExists(atPath: fixture.out.path))
    }

    @Test("a missing model folder stops the build with exit 66 and how to make one")
    func missingFolder() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        let missing = fixture.folder.url.appendingPathComponent("nope").path
        let error = await #expect(throws: CLIError.self) { try await fixture.build { $0.modelDirectory = missing } }
        #expect(error?.exitCode == .noInput)
        #expect(error?.message == "while loading the model: \(missing) is not a recsite model folder (no such folder); "
            + "create one with 'recsite train --data DIR --model-dir \(missing)'")
    }

    @Test("the model's own settings cannot be overridden, and Spark options need --engine spark", arguments: [
        (["--model-dir", "m", "--rank", "4"], "--rank cannot be combined with --model-dir: the saved model's settings and engine are in its model.json; retrain with 'recsite train' to change them"),
        (["--model-dir", "m", "--engine", "spark", "--allow-negative"], "--allow-negative, --engine cannot be combined with --model-dir: the saved model's settings and engine are in its model.json; retrain with 'recsite train' to change them"),
        (["--spark-master", "local[2]"], "--spark-master and --spark-submit need --engine spark"),
        (["--engine", "flink"], "--engine is native or spark, not 'flink'"),
    ])
    func usage(arguments: [String], message: String) {
        let error = #expect(throws: CLIError.self) { try BuildOptions(arguments: arguments) }
        #expect(error?.message == message)
        #expect(error?.exitCode == .usage)
    }

    @Test("--engine spark --spark-master URL and --model-dir are read")
    func parses() throws {
        let spark = try BuildOptions(arguments: ["--engine", "spark", "--spark-master", "spark://h:7077"])
        #expect(spark.modelSource == .train(.spark(master: "spark://h:7077", sparkSubmit: nil)))
        #expect(try BuildOptions(arguments: ["--engine", "spark"]).engine == .spark(master: "local[*]", sparkSubmit: nil))
        let reuse = try BuildOptions(arguments: ["--model-dir", "m", "--new-ratings", "n.csv", "--model", "gemma3:4b"])
        #expect(reuse.modelSource == .reuse(folder: "m") && reuse.newRatingsFile == "n.csv" && reuse.model == "gemma3:4b")
    }

    @Test("train and predict take --model-dir, and --model as the same option")
    func modelDirAlias() throws {
        #expect(try TrainCommand(arguments: ["--model", "a"]).modelDirectory == "a")
        #expect(try TrainCommand(arguments: ["--model-dir", "b"]).modelDirectory == "b")
        #expect(try PredictCommand(arguments: ["--model-dir", "c", "--pairs", "p", "--out", "o"]).modelDirectory == "c")
        let error = #expect(throws: CLIError.self) { try TrainCommand(arguments: ["--model", "a", "--model-dir", "b"]) }
        #expect(error?.message == "give --model-dir or --model, not both (they are the same option)")
    }

    // MARK: - Folding in

    /// User 900 likes the Comedy|Romance group (movies ≡ 0 mod 3), user 901 the Action|Thriller one.
    static let newRatings = """
        userId,movieId,rating,timestamp
        900,3,5,1
        900,6,4.5,2
        900,9,5,3
        900,4,1,4
        901,1,5,5
        901,4,5,6
        901,2,1,7
        """ + "\n"

    @Test("folded-in users get pages labelled as folded in, and a sample cohort gains them")
    func foldIn() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        let model = try Self.train(fixture)
        let file = try fixture.folder.write("new.csv", Self.newRatings)
        let (summary, progress) = try await Self.build(fixture) {
            $0.modelDirectory = model.path
            $0.newRatingsFile = file.path
            $0.cohort = .sample(3)
        }
        #expect(summary.foldedInUsers == [900, 901])
        #expect(summary.pages == 6)
        #expect(progress.joined().contains("      folded in 2 new users from \(file.path) (7 ratings): one ALS half-step against the model's item factors, no retraining\n"))
        let page = try fixture.page("users/900.html")
        #expect(page.contains("Folded in from new.csv: this user is not in the ALS model; their factors were solved from their "
            + "4 ratings against the model&#39;s item factors (one ALS half-step), without retraining."))
        #expect(page.contains("Predicted rating from ALS."))
        let index = try fixture.page("index.html")
        #expect(index.contains("<a href=\"users/900.html\">User 900</a> <span class=\"tag\">folded in</span>"))
        #expect(index.contains("<a href=\"users/901.html\">User 901</a> <span class=\"tag\">folded in</span>"))
        #expect(index.contains("<tr><th scope=\"row\">Folded-in users</th><td>2 (900, 901) from new.csv, 7 ratings: factors solved "
            + "against the model&#39;s item factors (one ALS half-step), without retraining</td></tr>"))
        // User 900's CF list leads with their liked group's movies, none of which they rated.
        let cf = try #require(page.range(of: "id=\"cf\"")).upperBound
        let firstTitle = try #require(page.range(of: "<span class=\"title\">", range: cf..<page.endIndex)).upperBound
        let movie = Int(page[firstTitle...].dropFirst("Movie ".count).prefix { $0.isNumber })!
        #expect(movie % 3 == 0 && ![3, 6, 9].contains(movie), "first CF pick for user 900 is movie \(movie)")
    }

    @Test("--users may name a folded-in user; then only the named users get pages")
    func namedFoldedUser() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        let model = try Self.train(fixture)
        let file = try fixture.folder.write("new.csv", Self.newRatings)
        let summary = try await fixture.build {
            $0.modelDirectory = model.path
            $0.newRatingsFile = file.path
            $0.cohort = .users([2, 901])
        }
        #expect(summary.pages == 3)
        #expect(FileManager.default.fileExists(atPath: fixture.out.appendingPathComponent("users/901.html").path))
        #expect(!FileManager.default.fileExists(atPath: fixture.out.appendingPathComponent("users/900.html").path))
    }

    @Test("a new-ratings user who is already in the model is refused with exit 65")
    func knownUser() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        let model = try Self.train(fixture)
        let file = try fixture.folder.write("new.csv", "userId,movieId,rating\n900,1,4\n5,2,3\n")
        let error = await #expect(throws: CLIError.self) {
            try await fixture.build {
                $0.modelDirectory = model.path
                $0.newRatingsFile = file.path
            }
        }
        #expect(error?.exitCode == .dataError)
        #expect(error?.message == "while folding in \(file.path): user 5 is already in the model; only users the model has never "
            + "seen can be folded in (to change a trained user's ratings, add them to the data and retrain)")
    }

    @Test("a bad new-ratings row is skipped and reported with file and line, or stops a --strict build")
    func badRow() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        let file = try fixture.folder.write("new.csv", "userId,movieId,rating\n900,1,4\n900,2,six\n")
        let (summary, progress) = try await Self.build(fixture) {
            $0.newRatingsFile = file.path
            $0.cohort = .users([900])
        }
        #expect(summary.foldedInUsers == [900])
        #expect(progress.joined().contains("      skipped \(file.path):3: rating 'six' is not a number\n"))
        let error = await #expect(throws: CLIError.self) {
            try await fixture.build {
                $0.newRatingsFile = file.path
                $0.strict = true
            }
        }
        #expect(error?.exitCode == .dataError)
        #expect(error?.message == "while reading --new-ratings: \(file.path):3: rating 'six' is not a number")
    }
}

