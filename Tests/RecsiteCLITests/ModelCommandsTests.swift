import Foundation
import Testing
import RecsiteCLI
import RecsiteCore
import RecsiteTestSupport

@Suite("recsite train, predict and als-bench")
struct ModelCommandsTests {
    /// A hand-made rank-2 model: users 1 and 2; movies 10 and 20 with factors, 30 without.
    static func tinyModel(in folder: TemporaryDirectory) throws -> URL {
        let model = ALSModel(rank: 2, userIDs: [1, 2], userFactors: [1, 0, 0.5, 1.5],
                             itemFactors: [2, 1, 1, 3, 0, 0], itemHasFactor: [true, true, false])
        var table = RatingsTable()
        table.append(user: 1, movie: 10, rating: 4, timestamp: 0)
        table.append(user: 2, movie: 20, rating: 5, timestamp: 0)
        let catalog = Catalog([10, 20, 30].map { Movie(id: $0, title: "Movie \($0)", genres: []) })
        let url = folder.url.appendingPathComponent("model")
        try ModelStore.save(model, catalog: catalog, fingerprint: DataFingerprint(matrix: RatingMatrix(ratings: table, catalog: catalog), catalog: catalog),
                            engine: "native", dataset: "tiny", generator: "test", to: url)
        return url
    }

    @Test("predict writes userId,movieId,prediction in input order, with an empty prediction for each cold pair")
    func predictExact() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let model = try Self.tinyModel(in: folder)
        let pairs = try folder.write("pairs.csv", "userId,movieId\n1,10\n2,20\n2,10\n1,20\n1,30\n3,10\n1,999\n")
        let out = folder.url.appendingPathComponent("predictions.csv")
        var command = PredictCommand(modelDirectory: model.path, pairsFile: pairs.path, outputFile: out.path)
        command.quiet = true
        let result = try command.run()
        #expect(result.pairs == 7 && result.cold == 3)
        #expect(try String(contentsOf: out, encoding: .utf8) == "userId,movieId,prediction\n1,10,2.0\n2,20,5.0\n2,10,2.5\n1,20,1.0\n1,30,\n3,10,\n1,999,\n")
    }

    @Test("predict reads pairs without a header and ignores extra columns")
    func predictNoHeader() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let model = try Self.tinyModel(in: folder)
        let pairs = try folder.write("pairs.csv", "2,20,4.5,881250949\r\n1,10,3,0\r\n")
        let out = folder.url.appendingPathComponent("p.csv")
        try await CommandRunner.run(arguments: ["predict", "--model", model.path, "--pairs", pairs.path, "--out", out.path, "--quiet"], environment: [:])
        #expect(try String(contentsOf: out, encoding: .utf8) == "userId,movieId,prediction\n2,20,5.0\n1,10,2.0\n")
    }

    @Test("a malformed pair row is a data error naming the file and line")
    func predictBadRow() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let model = try Self.tinyModel(in: folder)
        let pairs = try folder.write("pairs.csv", "userId,movieId\n1,10\n1,ten\n")
        let command = PredictCommand(modelDirectory: model.path, pairsFile: pairs.path, outputFile: folder.url.appendingPathComponent("o.csv").path)
        let error = #expect(throws: CLIError.self) { try command.run() }
        #expect(error?.message == "pairs.csv:3: movieId is not a whole number that fits in 32 bits")
        #expect(error?.exitCode == .dataError)
    }

    @Test("predict without a model folder says how to make one")
    func predictNoModel() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let missing = folder.url.appendingPathComponent("none").path
        let command = PredictCommand(modelDirectory: missing, pairsFile: "p.csv", outputFile: "o.csv")
        let error = #expect(throws: CLIError.self) { try command.run() }
        #expect(error?.message == "while loading the model: \(missing) is not a recsite model folder (no such folder); create one with 'recsite train --data DIR --model-dir \(missing)'")
        #expect(error?.exitCode == .noInput)
    }

    @Test("train writes a model folder that predict accepts for the same data and refuses for other data")
    func trainThenPredict() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let data = try SyntheticMovieLens.write(into: folder.url.appendingPathComponent("data"))
        let model = folder.url.appendingPathComponent("model")
        var train = try TrainCommand(arguments: ["--data", data.path, "--model", model.path, "--rank", "4", "--iterations", "3",
                                                 "--threads", "2", "--quiet"])
        train.progressOutput = { _ in }
        let manifest = try train.run()
        #expect(manifest.engine == "native")
        #expect(manifest.rank == 4 && manifest.userCount == 30 && manifest.movieCount == 40)
        #expect(manifest.settings.nonnegative && manifest.settings.iterations == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: model.path).sorted() == ["factors.bin", "model.json"])

        let pairs = try folder.write("pairs.csv", "1,1\n")
        var predict = PredictCommand(modelDirectory: model.path, dataDirectory: data.path, pairsFile: pairs.path,
                                     outputFile: folder.url.appendingPathComponent("o.csv").path)
        predict.quiet = true
        #expect(try predict.run().pairs == 1)

        let other = try SyntheticMovieLens.write(into: folder.url.appendingPathComponent("other"), users: 31)
        predict.dataDirectory = other.path
        let error = #expect(throws: CLIError.self) { try predict.run() }
        #expect(error?.exitCode == .dataError)
        #expect(error?.message.hasPrefix("the model in \(model.path) was trained on different data (model: \(manifest.ratingCount) ratings, 30 users, 40 movies, fingerprint \(manifest.dataFingerprint); this data: ") == true)
    }

    @Test("train rejects Spark options without --engine spark, and an unknown engine",
          arguments: [(["--spark-master", "local[2]"], "--spark-master and --spark-submit need --engine spark"),
                      (["--engine", "flink"], "--engine is native or spark, not 'flink'")])
    func trainUsage(arguments: [String], message: String) {
        let error = #expect(throws: CLIError.self) { try TrainCommand(arguments: arguments) }
        #expect(error?.message == message)
        #expect(error?.exitCode == .usage)
    }

    @Test("train --engine spark with a spark-submit that does not exist exits 69 with the install command")
    func trainSparkMissing() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let data = try SyntheticMovieLens.write(into: folder.url.appendingPathComponent("data"))
        let missing = folder.url.appendingPathComponent("spark-submit").path
        var train = try TrainCommand(arguments: ["--data", data.path, "--model", folder.url.appendingPathComponent("m").path,
                                                 "--engine", "spark", "--spark-submit", missing, "--quiet"])
        train.progressOutput = { _ in }
        let error = #expect(throws: CLIError.self) { try train.run() }
        #expect(error?.exitCode == .unavailable)
        #expect(error?.message == "while training on Spark: \(missing) is not an executable spark-submit; install PySpark with scripts/install-pyspark (a virtualenv in bench/.venv), or 'pip install pyspark numpy'")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("m").path))
    }

    @Test("als-bench split writes every rating once, the same way for the same seed")
    func benchSplit() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let data = try SyntheticMovieLens.write(into: folder.url.appendingPathComponent("data"))
        func split(_ name: String) throws -> (String, String) {
            let train = folder.url.appendingPathComponent("\(name)-train.csv"), test = folder.url.appendingPathComponent("\(name)-test.csv")
            _ = try EvalRMSECommand(arguments: []).split(["--data", data.path, "--train", train.path, "--test", test.path, "--seed", "5"])
            return (try String(contentsOf: train, encoding: .utf8), try String(contentsOf: test, encoding: .utf8))
        }
        let (train, test) = try split("a")
        #expect(try split("b") == (train, test))
        let dataset = try DatasetLoader.load(directory: data)
        let rows = train.split(separator: "\n").dropFirst() + test.split(separator: "\n").dropFirst()
        #expect(rows.count == dataset.ratings.count)
        #expect(Set(rows.map { $0.split(separator: ",").prefix(2).joined(separator: ",") }).count == dataset.ratings.count)
        #expect(train.hasPrefix("userId,movieId,rating\n") && test.hasPrefix("userId,movieId,rating\n"))
    }

    @Test("als-bench fit trains on the training file and scores the test file with cold start drop")
    func benchFit() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let train = try folder.write("train.csv", "userId,movieId,rating\n1,1,4\n1,2,3\n2,1,5\n2,3,2\n3,2,4\n3,3,1\n")
        let test = try folder.write("test.csv", "userId,movieId,rating\n1,3,2\n9,1,3\n1,7,4\n")
        let json = try EvalRMSECommand(arguments: []).fit(["--train", train.path, "--test", test.path, "--rank", "2", "--threads", "1"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["test_scored"] as? Int == 1)
        #expect(object["test_cold"] as? Int == 2)
        #expect(object["train_ratings"] as? Int == 6)
        #expect(object["engine"] as? String == "recsite")
        #expect((object["test_rmse"] as? Double).map { $0.isFinite } == true)
    }
}
