import Foundation
import RecsiteCore

/// `recsite als-bench` (hidden; used by `bench/als-vs-spark`): makes a fixed train/test split of a
/// data set, and fits ALS on a split's training file and reports its test RMSE and timings as JSON.
///
///     recsite als-bench split --data DIR --train FILE --test FILE [--fraction 0.8] [--seed 42]
///     recsite als-bench fit --train FILE --test FILE [--rank 10] [--iterations 10] [--reg-param 0.1]
///                           [--nonnegative true|false] [--seed 42] [--threads N]
///
/// The split is per rating: each rating of the cleaned data goes to the training file with
/// probability `fraction`, drawn from SplitMix64(seed) in (user id, movie id) order, so a seed
/// always gives the same two files. `fit` scores the test file with cold start "drop" (ratings
/// whose user or movie has no factor are left out), as the Spark side of the bench does; the
/// prediction is not clipped. `fit_seconds` covers building the rating matrix and training
/// (Spark's `fit` also builds its blocks); reading the CSV files is `read_seconds`.
package struct EvalRMSECommand: Sendable {
    package var arguments: [String]

    package init(arguments: [String]) {
        self.arguments = arguments
    }

    static let splitSpecs: [OptionSpec] = [
        .value("data", "DIR", "MovieLens folder"),
        .value("train", "FILE", "training CSV to write (userId,movieId,rating)"),
        .value("test", "FILE", "test CSV to write"),
        .value("fraction", "F", default: "0.8", "share of ratings in the training file"),
        .value("seed", "N", default: "42", "seed of the split"),
    ]

    static let fitSpecs: [OptionSpec] = [
        .value("train", "FILE", "training CSV (userId,movieId,rating)"),
        .value("test", "FILE", "test CSV"),
        .value("rank", "K", default: "10", "ALS rank"),
        .value("iterations", "N", default: "10", "ALS iterations"),
        .value("reg-param", "L", default: "0.1", "ALS-WR λ"),
        .value("nonnegative", "true|false", default: "true", "NNLS or unconstrained"),
        .value("seed", "N", default: "42", "initialisation seed"),
        .value("threads", "N", default: "all cores", "worker threads"),
    ]

    static let help = """
    Usage: recsite als-bench split --data DIR --train FILE --test FILE [--fraction 0.8] [--seed 42]
           recsite als-bench fit --train FILE --test FILE [--rank 10] [--iterations 10] [--reg-param 0.1]
                                 [--nonnegative true|false] [--seed 42] [--threads N]
    Benchmark helper for bench/als-vs-spark: prints one JSON object on standard output.
    """

    package func run() throws(CLIError) {
        guard let sub = arguments.first, sub == "split" || sub == "fit" else {
            throw CLIError("als-bench needs 'split' or 'fit'\n\(Self.help)", exitCode: .usage)
        }
        let rest = Array(arguments.dropFirst())
        let json = sub == "split" ? try split(rest) : try fit(rest)
        print(json)
    }

    // MARK: - split

    package func split(_ arguments: [String]) throws(CLIError) -> String {
        let parsed = try ParsedOptions(arguments, specs: Self.splitSpecs, command: "als-bench")
        let data = try Self.required(parsed, "data"), trainPath = try Self.required(parsed, "train"), testPath = try Self.required(parsed, "test")
        let fraction = Double(parsed.value("fraction") ?? "0.8") ?? -1
        guard fraction > 0, fraction < 1 else { throw .usage("--fraction must be between 0 and 1", command: "als-bench") }
        guard let seed = UInt64(parsed.value("seed") ?? "42") else { throw .usage("--seed must be a whole number", command: "als-bench") }

        let dataset = try ModelCommandSupport.loadData(data, strict: false)
        let matrix = RatingMatrix(ratings: dataset.ratings, catalog: dataset.catalog)
        var rng = SplitMix64(seed: seed)
        var train = "userId,movieId,rating\n", test = "userId,movieId,rating\n"
        var trainCount = 0, testCount = 0
        for user in 0..<matrix.userCount {
            let id = matrix.userIDs[user]
            let row = matrix.row(user)
            for (item, value) in zip(row.items, row.values) {
                let line = "\(id),\(dataset.catalog[Int(item)].id),\(value)\n"
                if rng.nextUnitDouble() < fraction {
                    train += line
                    trainCount += 1
                } else {
                    test += line
                    testCount += 1
                }
            }
        }
        for (path, text) in [(trainPath, train), (testPath, test)] {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw CLIError("cannot write \(path): \(error.localizedDescription)", exitCode: .cannotCreate)
            }
        }
        return Self.json([
            "dataset": .string(dataset.name), "ratings": .int(matrix.ratingCount), "users": .int(matrix.userCount),
            "movies": .int(dataset.catalog.count), "train": .int(trainCount), "test": .int(testCount),
            "seed": .int(Int(seed)), "fraction": .number(fraction),
        ])
    }

    // MARK: - fit

    package func fit(_ arguments: [String]) throws(CLIError) -> String {
        let parsed = try ParsedOptions(arguments, specs: Self.fitSpecs, command: "als-bench")
        let trainPath = try Self.required(parsed, "train"), testPath = try Self.required(parsed, "test")
        var settings = ALSSettings()
        func int(_ name: String) throws(CLIError) -> Int? {
            guard let text = parsed.value(name) else { return nil }
            guard let v = Int(text), v >= 1 else { throw .usage("--\(name) must be a whole number ≥ 1", command: "als-bench") }
            return v
        }
        if let v = try int("rank") { settings.rank = v }
        if let v = try int("iterations") { settings.iterations = v }
        if let v = try int("threads") { settings.threads = v }
        if let text = parsed.value("reg-param") {
            guard let v = Double(text), v >= 0 else { throw .usage("--reg-param must be a number ≥ 0", command: "als-bench") }
            settings.regParam = v
        }
        if let text = parsed.value("nonnegative") {
            guard text == "true" || text == "false" else { throw .usage("--nonnegative is true or false", command: "als-bench") }
            settings.nonnegative = text == "true"
        }
        if let text = parsed.value("seed") {
            guard let v = UInt64(text) else { throw .usage("--seed must be a whole number", command: "als-bench") }
            settings.seed = v
        }

        let readStart = DispatchTime.now()
        let trainRows = try IDRowsCSV.read(trainPath, ratings: true)
        let testRows = try IDRowsCSV.read(testPath, ratings: true)
        let catalog = Catalog(Set(trainRows.movieIDs).union(testRows.movieIDs).map { Movie(id: Int($0), title: "", genres: []) })
        let train = Self.table(trainRows), test = Self.table(testRows)
        let readSeconds = Self.seconds(since: readStart)

        let fitStart = DispatchTime.now()
        let matrix = RatingMatrix(ratings: train, catalog: catalog)
        let matrixSeconds = Self.seconds(since: fitStart)
        let model: ALSModel
        do {
            model = try ALSTrainer.train(matrix, settings: settings)
        } catch {
            throw CLIError("while training ALS: \(error)", exitCode: .usage)
        }
        let fitSeconds = Self.seconds(since: fitStart)
        let error = model.error(on: test, catalog: catalog, coldStart: .drop)
        return Self.json([
            "engine": .string("recsite"), "rank": .int(settings.rank), "iterations": .int(settings.iterations),
            "reg_param": .number(settings.regParam), "nonnegative": .bool(settings.nonnegative), "threads": .int(settings.threads),
            "train_ratings": .int(matrix.ratingCount), "test_ratings": .int(test.count),
            "read_seconds": .number(readSeconds), "matrix_seconds": .number(matrixSeconds), "fit_seconds": .number(fitSeconds),
            "test_rmse": error.rmse.map(JSONValue.number) ?? .null, "test_mae": error.mae.map(JSONValue.number) ?? .null,
            "test_scored": .int(error.scored), "test_cold": .int(error.cold),
            "train_rmse": model.trainingRMSE(matrix).map(JSONValue.number) ?? .null,
        ])
    }

    // MARK: - Helpers

    private static func required(_ parsed: ParsedOptions, _ name: String) throws(CLIError) -> String {
        guard let v = parsed.value(name), !v.isEmpty else { throw .usage("--\(name) is required", command: "als-bench") }
        return v
    }

    private static func table(_ rows: IDRowsCSV) -> RatingsTable {
        var table = RatingsTable()
        table.userIDs = rows.userIDs
        table.movieIDs = rows.movieIDs
        table.values = rows.ratings
        table.timestamps = [Int64](repeating: 0, count: rows.count)
        return table
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    enum JSONValue {
        case string(String), int(Int), number(Double), bool(Bool), null
    }

    /// One line of JSON with sorted keys (numbers with up to 17 significant digits).
    static func json(_ object: [String: JSONValue]) -> String {
        let fields = object.keys.sorted().map { key -> String in
            let value: String = switch object[key]! {
            case let .string(s): "\"\(s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
            case let .int(i): String(i)
            case let .number(d): d.isFinite ? "\(d)" : "null"
            case let .bool(b): b ? "true" : "false"
            case .null: "null"
            }
            return "\"\(key)\": \(value)"
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}
