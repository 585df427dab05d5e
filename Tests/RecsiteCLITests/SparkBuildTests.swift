import Foundation
import Testing
import RecsiteCLI
import RecsiteCore
import RecsiteTestSupport

/// `recsite build --engine spark` and `recsite train --engine spark`, first with a fake
/// `spark-submit` (hermetic), then through real Apache Spark.
@Suite("recsite build --engine spark")
struct SparkBuildTests {
    @Test("trains through spark-submit with the given master and says so in progress and on the index")
    func fakeSparkBuild() async throws {
        let fixture = try BuildFixture()
        let fake = try FakeSparkInstall(body: FakeSparkInstall.writesFactors(itemDivisor: 100))
        defer { fixture.folder.remove(); fake.folder.remove() }
        let lines = LineCollector()
        var command = BuildCommand(options: fixture.options {
            $0.quiet = false
            $0.engine = .spark(master: "local[3]", sparkSubmit: fake.sparkSubmit.path)
        }, environment: fake.environment)
        command.progressOutput = { lines.append($0) }
        let summary = try await command.run()
        #expect(summary.modelSource == .train(.spark(master: "local[3]", sparkSubmit: fake.sparkSubmit.path)))
        let text = lines.all.joined()
        #expect(text.contains("[2/7] Training ALS (rank 10, 10 iterations, λ 0.1, nonnegative, on Spark (local[3]))\n      train_als: fake fit on local[3]\n"))
        #expect(try fixture.page("index.html").contains("<td>trained in this build by Apache Spark MLlib (master local[3])</td>"))
        // The fake gives movie m the score 10 · 0.5 · m/100, so the CF list is the unseen movies by id, descending.
        let dataset = try DatasetLoader.load(directory: fixture.data)
        let rated = Set((0..<dataset.ratings.count).filter { dataset.ratings.userIDs[$0] == 1 }.map { Int(dataset.ratings.movieIDs[$0]) })
        let expected = (1...40).filter { !rated.contains($0) }.sorted(by: >).prefix(10).map { "Movie \($0)" }
        #expect(try Self.cfLists(fixture, users: [1])[1]?.map { $0.components(separatedBy: CharacterSet(charactersIn: ",(")).first!.trimmingCharacters(in: .whitespaces) } == expected)
    }

    @Test("train --engine spark records the engine and master, and build --model-dir states them")
    func sparkModelReused() async throws {
        let fixture = try BuildFixture()
        let fake = try FakeSparkInstall(body: FakeSparkInstall.writesFactors(itemDivisor: 100))
        defer { fixture.folder.remove(); fake.folder.remove() }
        let model = fixture.folder.url.appendingPathComponent("model")
        var train = try TrainCommand(arguments: ["--data", fixture.data.path, "--model-dir", model.path, "--engine", "spark",
                                                 "--spark-master", "local[2]", "--spark-submit", fake.sparkSubmit.path, "--quiet"])
        train.environment = fake.environment.merging(["SOURCE_DATE_EPOCH": "1700000000"]) { $1 }
        train.progressOutput = { _ in }
        let manifest = try train.run()
        #expect(manifest.engine == "spark" && manifest.sparkMaster == "local[2]" && manifest.trainedAt == "2023-11-14T22:13:20Z")
        try await fixture.build { $0.modelDirectory = model.path }
        #expect(try fixture.page("index.html").contains(
            "reused from the model folder model, not retrained: trained by Apache Spark MLlib (master local[2]) at 2023-11-14T22:13:20Z"))
    }

    @Test("a missing spark-submit stops the build with exit 69 and the install command, before the data is loaded")
    func sparkMissing() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        let missing = fixture.folder.url.appendingPathComponent("spark-submit").path
        let lines = LineCollector()
        var command = BuildCommand(options: fixture.options {
            $0.quiet = false
            $0.engine = .spark(master: "local[*]", sparkSubmit: missing)
        }, environment: ["PATH": "/usr/bin:/bin"])
        command.progressOutput = { lines.append($0) }
        let error = await #expect(throws: CLIError.self) { try await command.run() }
        #expect(error?.exitCode == .unavailable)
        #expect(error?.message == "while training on Spark: \(missing) is not an executable spark-submit; install PySpark with "
            + "scripts/install-pyspark (a virtualenv in bench/.venv), or 'pip install pyspark numpy'")
        #expect(!lines.all.joined().contains("Loading"))
        #expect(!FileManager.default.fileExists(atPath: fixture.out.path))
    }

    @Test("no Java: exit 69 with the apt-get command")
    func javaMissing() async throws {
        let fixture = try BuildFixture()
        let fake = try FakeSparkInstall(body: FakeSparkInstall.writesFactors(itemDivisor: 100))
        defer { fixture.folder.remove(); fake.folder.remove() }
        var environment = fake.environment
        environment["JAVA_HOME"] = nil
        environment["PATH"] = fake.folder.url.path
        let error = await #expect(throws: CLIError.self) {
            try await fixture.build(environment: environment) { $0.engine = .spark(master: "local[*]", sparkSubmit: fake.sparkSubmit.path) }
        }
        #expect(error?.exitCode == .unavailable)
        #expect(error?.message == "while training on Spark: Spark needs Java, and there is no java on PATH or in JAVA_HOME: "
            + "install Java 17 ('apt-get install openjdk-17-jre-headless') or set JAVA_HOME")
    }

    // MARK: - Real Spark

    /// CF top-10 titles per user page, from the `cf` list.
    static func cfLists(_ fixture: BuildFixture, users: [Int]) throws -> [Int: [String]] {
        var lists: [Int: [String]] = [:]
        for user in users {
            let page = try fixture.page("users/\(user).html")
            let start = try #require(page.range(of: "id=\"cf\"")).upperBound
            let end = try #require(page.range(of: "</table>", range: start..<page.endIndex)).lowerBound
            lists[user] = page[start..<end].components(separatedBy: "<span class=\"title\">").dropFirst()
                .map { String($0.prefix { $0 != "<" }) }
        }
        return lists
    }

    @Test("through real Spark: the site is built and each user's CF top 10 mostly agrees with the native engine's",
          .enabled(if: SparkTestEnvironment.shouldRun), .timeLimit(.minutes(10)))
    func realSpark() async throws {
        try SparkTestEnvironment.requireReady()
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        // 120 users × 150 movies from a planted rank-3 model: small enough for a quick Spark job.
        let data = try PlantedRatings.writeMovieLens(into: folder.url.appendingPathComponent("planted"),
                                                     PlantedRatings.table(users: 120, movies: 150, density: 0.25, seed: 5))
        let fixture = BuildFixture(folder: folder, data: data)
        let cohort = Array(stride(from: 3, through: 120, by: 6))
        try await fixture.build { $0.cohort = .users(cohort) }
        let native = try Self.cfLists(fixture, users: cohort)

        let summary = try await fixture.build(environment: SparkTestEnvironment.environment) {
            $0.cohort = .users(cohort)
            $0.engine = .spark(master: "local[2]", sparkSubmit: nil)
        }
        #expect(summary.pages == cohort.count + 1)
        #expect(try fixture.page("index.html").contains("<td>trained in this build by Apache Spark MLlib (master local[2])</td>"))
        let spark = try Self.cfLists(fixture, users: cohort)
        var shared: [Int] = []
        var samePosition: [Int] = []
        for user in cohort {
            let a = try #require(native[user]), b = try #require(spark[user])
            #expect(a.count == 10 && b.count == 10)
            shared.append(Set(a).intersection(b).count)
            samePosition.append(zip(a, b).filter { $0 == $1 }.count)
        }
        let mean = Double(shared.reduce(0, +)) / Double(shared.count)
        print("build --engine spark vs native: CF top-10 titles shared per user \(shared) (mean \(mean)); at the same position \(samePosition)")
        // Measured: 9 or 10 of 10 shared for every user. Spark's random start differs from recsite's, so allow some slack.
        #expect(mean >= 8, "mean CF top-10 overlap \(mean): \(shared)")
        #expect(shared.allSatisfy { $0 >= 6 }, "\(shared)")
    }
}

extension BuildFixture {
    /// A fixture over data the test wrote itself; the site goes into `folder`/site.
    init(folder: TemporaryDirectory, data: URL) {
        self.folder = folder
        self.data = data
    }
}
