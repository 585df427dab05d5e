import Foundation
import RecsiteCore

/// Ratings drawn from a planted low-rank model: users and movies have positive rank-3 tastes,
/// a rating is their dot product plus noise, rounded to half stars. ALS recovers such data well,
/// so rankings from two ways of fitting it (Spark and native, fold-in and full training) can be
/// compared on their top-10 lists.
package enum PlantedRatings {
    /// `users` × `movies`, each cell rated with probability `density`; user ids 1…users, movie ids 1…movies.
    package static func table(users: Int = 200, movies: Int = 150, density: Double = 0.25, seed: UInt64 = 99) -> RatingsTable {
        var rng = SplitMix64(seed: seed)
        let k = 3
        let userTastes = (0..<users).map { _ in (0..<k).map { _ in 0.3 + rng.nextUnitDouble() } }
        let movieTastes = (0..<movies).map { _ in (0..<k).map { _ in 0.3 + rng.nextUnitDouble() } }
        var table = RatingsTable()
        for u in 0..<users {
            for m in 0..<movies where rng.nextUnitDouble() < density {
                var r = 0.0
                for c in 0..<k { r += userTastes[u][c] * movieTastes[m][c] }
                r += 0.3 * rng.nextGaussian()
                let stars = min(5, max(0.5, (r * 2).rounded() / 2))
                table.append(user: Int32(u + 1), movie: Int32(m + 1), rating: Float(stars), timestamp: Int64(978_300_000 + u * 1_000 + m))
            }
        }
        return table
    }

    /// Writes the table as an ml-latest CSV folder (`movies.csv`, `ratings.csv`) and returns the folder.
    @discardableResult
    package static func writeMovieLens(into folder: URL, _ table: RatingsTable, movies: Int = 150) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var movieLines = "movieId,title,genres\n"
        for m in 1...movies {
            let genres = SyntheticMovieLens.genreGroups[m % 3].joined(separator: "|")
            movieLines += "\(m),Film \(m) (\(1980 + m % 30)),\(genres)\n"
        }
        try movieLines.write(to: folder.appendingPathComponent("movies.csv"), atomically: true, encoding: .utf8)
        try csv(table).write(to: folder.appendingPathComponent("ratings.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    /// `userId,movieId,rating,timestamp` with a header, the format of ratings.csv and of `--new-ratings`.
    package static func csv(_ table: RatingsTable) -> String {
        var text = "userId,movieId,rating,timestamp\n"
        for r in 0..<table.count {
            text += "\(table.userIDs[r]),\(table.movieIDs[r]),\(table.values[r]),\(table.timestamps[r])\n"
        }
        return text
    }

    /// The rows of `table` whose user passes `keep`.
    package static func filter(_ table: RatingsTable, users keep: (Int) -> Bool) -> RatingsTable {
        var out = RatingsTable()
        for r in 0..<table.count where keep(Int(table.userIDs[r])) {
            out.append(user: table.userIDs[r], movie: table.movieIDs[r], rating: table.values[r], timestamp: table.timestamps[r])
        }
        return out
    }
}

/// Whether the Spark integration tests can run: PySpark importable from `bench/.venv`.
///
/// With `CI=true` PySpark is installed first (`scripts/install-pyspark`), and a failed install
/// does not skip the tests: `requireReady()` fails them with the installer's output, so CI can
/// never pass while silently not testing Spark. Locally they skip with a message.
package enum SparkTestEnvironment {
    package static let venv = PackageRoot.url.appendingPathComponent("bench/.venv")
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// nil when ready; otherwise why not (the installer's output in CI).
    private static let problem: String? = {
        if pysparkImportable() { return nil }
        guard isCI else { return "\(venv.path) cannot import pyspark (run scripts/install-pyspark)" }
        let (status, output) = run(PackageRoot.url.appendingPathComponent("scripts/install-pyspark").path, [venv.path])
        if pysparkImportable() { return nil }
        return "CI=true and scripts/install-pyspark failed (exit \(status)):\n\(output)"
    }()

    /// Enable the Spark tests: always in CI (where they must run or fail), else when PySpark is there.
    package static var shouldRun: Bool {
        if isCI { return true }
        if let problem { print("Spark integration test skipped: \(problem)") }
        return problem == nil
    }

    /// Throws with the reason when PySpark could not be made ready.
    package static func requireReady() throws {
        if let problem { throw NotReady(description: problem) }
    }

    package struct NotReady: Error, CustomStringConvertible { package var description: String }

    /// The environment a test gives the engine: the job script of this checkout.
    package static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["RECSITE_SPARK_JOB"] = PackageRoot.url.appendingPathComponent("spark/train_als.py").path
        return environment
    }

    static func pysparkImportable() -> Bool {
        let python = venv.appendingPathComponent("bin/python").path
        return FileManager.default.isExecutableFile(atPath: python) && run(python, ["-c", "import pyspark, numpy"]).status == 0
    }

    static func run(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("recsite-spark-setup-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        guard let handle = try? FileHandle(forWritingTo: log) else { return (-1, "cannot write \(log.path)") }
        process.standardOutput = handle
        process.standardError = handle
        guard (try? process.run()) != nil else { return (-1, "cannot run \(executable)") }
        process.waitUntilExit()
        try? handle.close()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return (process.terminationStatus, String(output.suffix(4_000)))
    }
}
