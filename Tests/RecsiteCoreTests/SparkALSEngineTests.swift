import Foundation
import Testing
import RecsiteCore
import RecsiteTestSupport

/// Hermetic tests: a fake `spark-submit` (a shell script) and fake Java and virtualenv folders.
@Suite("SparkALSEngine")
struct SparkALSEngineTests {
    typealias FakeSpark = FakeSparkInstall

    static let table = ModelFixtures.ratings([(1, 10, 4), (1, 20, 3), (2, 10, 5), (3, 30, 2)])
    /// Movie 40 is never rated, so Spark has no factor for it.
    static let catalog = ModelFixtures.catalog(ids: [10, 20, 30, 40])

    @Test("trains through spark-submit and aligns Spark's factors with the matrix's users and the catalog's movies")
    func trainsThroughSparkSubmit() throws {
        let fake = try FakeSpark()
        defer { fake.folder.remove() }
        let lines = LineCollector()
        let matrix = RatingMatrix(ratings: Self.table, catalog: Self.catalog)
        let model = try fake.engine(master: "local[2]", log: { lines.append($0) }).train(
            ratings: Self.table, catalog: Self.catalog, matrix: matrix, settings: ALSSettings(rank: 2, threads: 1))
        #expect(model.rank == 2)
        #expect(model.userIDs == [1, 2, 3])
        #expect(model.userFactors == [Float](repeating: 0.5, count: 6))
        #expect(model.itemFactors == [1, 1, 2, 2, 3, 3, 0, 0])
        #expect(model.itemHasFactor == [true, true, true, false])
        #expect(model.prediction(userID: 2, movieID: 30, catalog: Self.catalog) == 3)
        #expect(model.prediction(userID: 2, movieID: 40, catalog: Self.catalog) == nil)
        #expect(lines.all == ["train_als: fake fit on local[2]"])
    }

    @Test("a job that fails reports its exit status, the known cause and Spark's last lines")
    func jobFails() throws {
        let fake = try FakeSpark(body: """
            echo "25/01/01 10:00:00 INFO SparkContext: Running Spark" >&2
            echo "ModuleNotFoundError: No module named 'numpy'" >&2
            exit 3
            """)
        defer { fake.folder.remove() }
        let matrix = RatingMatrix(ratings: Self.table, catalog: Self.catalog)
        let error = #expect(throws: SparkEngineError.self) {
            try fake.engine().train(ratings: Self.table, catalog: Self.catalog, matrix: matrix, settings: ALSSettings(rank: 2))
        }
        #expect(error == .jobFailed(
            status: 3, command: "\(fake.sparkSubmit.path) --master local[*] train_als.py …",
            hint: "the Python that runs the job lacks pyspark or numpy: run scripts/install-pyspark, or 'pip install pyspark numpy' into the Python Spark uses (PYSPARK_PYTHON)",
            tail: "ModuleNotFoundError: No module named 'numpy'"))
    }

    @Test("a user with ratings but no factor in Spark's output is an error, not a silent zero")
    func missingUserFactor() throws {
        let fake = try FakeSpark(body: """
            mkdir -p "$out"
            printf '1,0.5,0.5\\n' > "$out/user_factors.csv"
            printf '10,1,1\\n' > "$out/item_factors.csv"
            """)
        defer { fake.folder.remove() }
        let matrix = RatingMatrix(ratings: Self.table, catalog: Self.catalog)
        let error = #expect(throws: SparkEngineError.self) {
            try fake.engine().train(ratings: Self.table, catalog: Self.catalog, matrix: matrix, settings: ALSSettings(rank: 2))
        }
        #expect(error == .badOutput(file: "user_factors.csv", reason: "user 2 has ratings but no factor (2 users missing)"))
    }

    @Test("factor rows with the wrong number of fields are refused with their line")
    func malformedFactors() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = try folder.write("item_factors.csv", "10,1.0,2.0\n20,1.0\n")
        let error = #expect(throws: SparkEngineError.self) { try SparkALSEngine.readFactors(file, rank: 2) }
        #expect(error == .badOutput(file: "item_factors.csv", reason: "line 2 has 2 fields, expected 3 (id and rank 2 factors)"))
    }

    @Test("the ratings file Spark reads holds every cleaned rating exactly")
    func ratingsCSV() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("r.csv")
        try SparkALSEngine.writeRatingsCSV(ModelFixtures.ratings([(1, 10, 4), (7, 20, 3.5), (2, 99, 1)]), catalog: Self.catalog, to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "userId,movieId,rating\n1,10,4.0\n7,20,3.5\n")
    }

    // MARK: - Finding Spark and Java

    /// A locator that sees only `folder` (no PATH, no python3).
    static func isolatedLocator(_ folder: URL, environment: [String: String] = [:]) -> SparkLocator {
        var locator = SparkLocator(environment: environment)
        locator.workingDirectory = folder.path
        locator.executablePath = folder.appendingPathComponent("bin/recsite").path
        locator.pythonProbe = { _ in nil }
        return locator
    }

    @Test("no spark-submit anywhere: the message says how to install PySpark")
    func sparkNotFound() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let error = #expect(throws: SparkEngineError.self) { try Self.isolatedLocator(folder.url).locate(explicit: nil) }
        guard case .sparkNotFound = error else {
            Issue.record("expected sparkNotFound, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("install PySpark with scripts/install-pyspark (a virtualenv in bench/.venv), or 'pip install pyspark numpy', or set SPARK_HOME") == true)
    }

    @Test("no java on PATH or in JAVA_HOME: the message gives the apt-get command")
    func javaNotFound() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let locator = Self.isolatedLocator(folder.url, environment: ["PATH": folder.url.path])
        let error = #expect(throws: SparkEngineError.self) { try locator.javaExecutable() }
        #expect(error?.description == "Spark needs Java, and there is no java on PATH or in JAVA_HOME: install Java 17 ('apt-get install openjdk-17-jre-headless') or set JAVA_HOME")
    }

    @Test("bench/.venv's spark-submit is found from the working directory and runs the job with the venv's Python")
    func findsBenchVirtualenv() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try folder.write("bench/.venv/pyvenv.cfg", "home = /usr/bin\n")
        try FakeSpark.executable(folder.write("bench/.venv/bin/python", "#!/bin/sh\n"))
        try FakeSpark.executable(folder.write("bench/.venv/bin/spark-submit", "#!/bin/sh\n"))
        let launch = try Self.isolatedLocator(folder.url).locate(explicit: nil)
        let bin = folder.url.appendingPathComponent("bench/.venv/bin")
        #expect(launch.executable.path == bin.appendingPathComponent("spark-submit").path)
        #expect(launch.environment == ["PYSPARK_PYTHON": bin.appendingPathComponent("python").path,
                                       "PYSPARK_DRIVER_PYTHON": bin.appendingPathComponent("python").path])
    }

    @Test("the spark-submit inside a virtualenv's pyspark package is found, with that virtualenv's Python")
    func findsPackagedSparkSubmit() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try folder.write("bench/.venv/pyvenv.cfg", "home = /usr/bin\n")
        try FakeSpark.executable(folder.write("bench/.venv/bin/python", "#!/bin/sh\n"))
        let inside = try folder.write("bench/.venv/lib/python3.11/site-packages/pyspark/bin/spark-submit", "#!/bin/sh\n")
        try FakeSpark.executable(inside)
        let launch = try Self.isolatedLocator(folder.url).locate(explicit: nil)
        #expect(launch.executable.path == inside.path)
        #expect(launch.environment["PYSPARK_PYTHON"] == folder.url.appendingPathComponent("bench/.venv/bin/python").path)
    }

    @Test("SPARK_HOME wins over a virtualenv, and a PYSPARK_PYTHON already set is left alone")
    func sparkHomeFirst() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let submit = try folder.write("spark-4/bin/spark-submit", "#!/bin/sh\n")
        try FakeSpark.executable(submit)
        let locator = Self.isolatedLocator(folder.url, environment: ["SPARK_HOME": folder.url.appendingPathComponent("spark-4").path, "PYSPARK_PYTHON": "/opt/py"])
        #expect(try locator.locate(explicit: nil) == SparkLocator.Launch(executable: submit, environment: [:]))
    }

    @Test("an explicit spark-submit that does not exist is reported as such")
    func explicitMissing() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let missing = folder.url.appendingPathComponent("nope/spark-submit")
        let error = #expect(throws: SparkEngineError.self) { try Self.isolatedLocator(folder.url).locate(explicit: missing) }
        #expect(error == .sparkSubmitNotExecutable(path: missing.path))
    }
}


// MARK: - Real Spark

/// Trains through real Apache Spark (PySpark in bench/.venv) and compares with the native trainer.
///
/// Runs when bench/.venv can import pyspark; otherwise it prints why it skips. With `CI=true`
/// it installs PySpark first (`scripts/install-pyspark`) and fails, rather than skips, when that
/// does not work (`SparkTestEnvironment`), so CI always runs it (Java 17 is there).
@Suite("SparkALSEngine on Apache Spark (bench/.venv)", .serialized)
struct SparkALSIntegrationTests {
    @Test("Spark's factors rank like the native ones: most top-10 movies shared, RMSE within 2 %",
          .enabled(if: SparkTestEnvironment.shouldRun), .timeLimit(.minutes(10)))
    func agreesWithNative() throws {
        try SparkTestEnvironment.requireReady()
        let table = PlantedRatings.table()
        let catalog = ModelFixtures.catalog(ids: Array(1...160))  // 151…160 never rated
        let matrix = RatingMatrix(ratings: table, catalog: catalog)
        let settings = ALSSettings(rank: 10, iterations: 10, regParam: 0.1, nonnegative: true, seed: 42, threads: 2)
        var engine = SparkALSEngine(master: "local[2]", environment: SparkTestEnvironment.environment)
        engine.locator.workingDirectory = PackageRoot.url.path

        let spark = try engine.train(ratings: table, catalog: catalog, matrix: matrix, settings: settings)
        let native = try ALSTrainer.train(matrix, settings: settings)

        #expect(spark.userIDs == native.userIDs)
        #expect(spark.itemHasFactor == native.itemHasFactor)
        #expect(spark.itemHasFactor.filter { $0 }.count == 150)
        let sparkRMSE = try #require(spark.trainingRMSE(matrix))
        let nativeRMSE = try #require(native.trainingRMSE(matrix))
        #expect(abs(sparkRMSE / nativeRMSE - 1) < 0.02, "Spark \(sparkRMSE), native \(nativeRMSE)")

        var shared: [Int] = []
        for user in 0..<matrix.userCount {
            let seen = Set(matrix.row(user).items.map(Int.init))
            func top(_ model: ALSModel) -> Set<Int> {
                let scores = model.scores(forUser: user)!
                let candidates = (0..<150).filter { !seen.contains($0) }
                return Set(candidates.sorted { (scores[$0], -$0) > (scores[$1], -$1) }.prefix(10))
            }
            shared.append(top(spark).intersection(top(native)).count)
        }
        let agreeing = shared.filter { $0 >= 6 }.count
        print("Spark vs native: training RMSE \(sparkRMSE) vs \(nativeRMSE); top-10 shared per user: mean \(Double(shared.reduce(0, +)) / Double(shared.count)), ≥ 6 for \(agreeing) of \(shared.count) users")
        #expect(agreeing * 10 >= shared.count * 8, "only \(agreeing) of \(shared.count) users share ≥ 6 of their top 10")
    }
}

extension FakeSparkInstall {
    func engine(master: String = "local[*]", log: (@Sendable (String) -> Void)? = nil) -> SparkALSEngine {
        SparkALSEngine(master: master, sparkSubmit: sparkSubmit, jobScript: job,
                       environment: ["PATH": "/usr/bin:/bin", "JAVA_HOME": javaHome.path], log: log)
    }
}
