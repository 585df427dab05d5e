import Foundation
import RecsiteCore

/// `recsite predict`: scores `userId,movieId` pairs with a saved model.
///
/// Writes `userId,movieId,prediction` in the pairs' order. A pair the model cannot score (a
/// user it never saw, or a movie nobody rated in training) gets an empty prediction, as Spark's
/// `coldStartStrategy = "nan"` leaves NaN, so every input row has an output row. Predictions are
/// the raw dot product (no clipping to the star range), printed as the shortest decimal that
/// reads back as the same Float.
package struct PredictCommand: Sendable {
    package var modelDirectory: String
    /// When given, the model must have been trained on this data (fingerprint check).
    package var dataDirectory: String?
    package var pairsFile: String
    package var outputFile: String
    package var strict = false
    package var quiet = false

    package static let specs: [OptionSpec] = [
        .value("model-dir", "DIR", "the model folder 'recsite train' wrote"),
        .value("model", "DIR", "same as --model-dir (kept for scripts)"),
        .value("pairs", "FILE", "CSV of userId,movieId (header optional; further columns ignored)"),
        .value("out", "FILE", "where to write userId,movieId,prediction (replaced atomically)"),
        .value("data", "DIR", "the data set the model was trained on; when given, a model trained on other data is refused"),
        .flag("strict", "with --data: stop at the first malformed data row"),
        .flag("quiet", "print only errors"),
        .flag("help", "show this help"),
    ]

    package static var help: String {
        ModelCommandSupport.help(
            "Usage: recsite predict --model-dir DIR --pairs FILE --out FILE [--data DIR]",
            about: [
                "Scores each userId,movieId pair with a saved ALS model and writes userId,movieId,prediction,",
                "one row per input row, in the same order. A cold pair (a user the model never saw, or a movie",
                "nobody rated in training) gets an EMPTY prediction, as Spark's coldStartStrategy \"nan\" does.",
                "Predictions are the raw ALS dot product, not clipped to the rating scale (as Spark).",
            ],
            specs: specs)
    }

    package init(modelDirectory: String, dataDirectory: String? = nil, pairsFile: String, outputFile: String) {
        self.modelDirectory = modelDirectory
        self.dataDirectory = dataDirectory
        self.pairsFile = pairsFile
        self.outputFile = outputFile
    }

    package init(arguments: [String]) throws(CLIError) {
        let parsed = try ParsedOptions(arguments, specs: Self.specs, command: "predict")
        func required(_ name: String) throws(CLIError) -> String {
            guard let v = parsed.value(name), !v.isEmpty else { throw .usage("--\(name) is required", command: "predict") }
            return v
        }
        guard let model = try ModelCommandSupport.modelDirectory(parsed, command: "predict"), !model.isEmpty else {
            throw .usage("--model-dir is required", command: "predict")
        }
        self.init(modelDirectory: model, dataDirectory: parsed.value("data"),
                  pairsFile: try required("pairs"), outputFile: try required("out"))
        strict = parsed.has("strict")
        quiet = parsed.has("quiet")
    }

    /// Returns the number of pairs written and how many of them were cold.
    @discardableResult
    package func run() throws(CLIError) -> (pairs: Int, cold: Int) {
        let store = try ModelCommandSupport.loadModel(modelDirectory)
        if let dataDirectory {
            let dataset = try ModelCommandSupport.loadData(dataDirectory, strict: strict)
            let matrix = RatingMatrix(ratings: dataset.ratings, catalog: dataset.catalog)
            try ModelCommandSupport.check(store, DataFingerprint(matrix: matrix, catalog: dataset.catalog))
        }
        let rows = try IDRowsCSV.read(pairsFile, ratings: false)
        let catalog = store.idCatalog
        var text = "userId,movieId,prediction\n"
        var cold = 0
        for r in 0..<rows.count {
            let user = Int(rows.userIDs[r]), movie = Int(rows.movieIDs[r])
            text += "\(user),\(movie),"
            if let p = store.model.prediction(userID: user, movieID: movie, catalog: catalog) {
                text += "\(p)"
            } else {
                cold += 1
            }
            text += "\n"
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: outputFile), options: .atomic)
        } catch {
            throw CLIError("cannot write \(outputFile): \(error.localizedDescription)", exitCode: .cannotCreate)
        }
        if !quiet {
            print("Wrote \(Format.count(rows.count)) predictions to \(outputFile) (\(Format.plural(cold, "cold pair")) left empty)")
        }
        return (rows.count, cold)
    }
}

/// The rows of a small `userId,movieId[,rating]` CSV file: what `predict` scores and what the
/// ALS bench's train/test splits are.
///
/// A first row whose first field is not a whole number is a header and skipped; fields after
/// the ones asked for are ignored; ids must fit in 32 bits (as everywhere in recsite).
package struct IDRowsCSV: Sendable {
    package var userIDs: [Int32] = []
    package var movieIDs: [Int32] = []
    /// The third column, when `ratings` was asked for.
    package var ratings: [Float] = []

    package var count: Int { userIDs.count }

    /// Reads `path`; with `ratings` the third column must be a finite number.
    package static func read(_ path: String, ratings: Bool) throws(CLIError) -> IDRowsCSV {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let file = DataFile(url: URL(fileURLWithPath: path), name: path)
        var rows = IDRowsCSV()
        do {
            try file.withBytes { bytes in
                var scanner = ByteScanner(bytes: bytes, separator: .csv)
                var first = true
                let needed = ratings ? 3 : 2
                while scanner.nextRecord() {
                    defer { first = false }
                    func bad(_ reason: String) -> CLIError {
                        CLIError("\(name):\(scanner.line): \(reason)", exitCode: .dataError)
                    }
                    if let problem = scanner.quoteProblem { throw bad(problem.message) }
                    let user = ByteNumbers.int(scanner.slice(scanner[0]))
                    if first && user == nil { continue }
                    guard scanner.fieldCount >= needed else {
                        throw bad("expected \(ratings ? "userId,movieId,rating" : "userId,movieId"), found \(scanner.fieldCount) field\(scanner.fieldCount == 1 ? "" : "s")")
                    }
                    let movie = ByteNumbers.int(scanner.slice(scanner[1]))
                    guard let user, let u = Int32(exactly: user) else { throw bad("userId is not a whole number that fits in 32 bits") }
                    guard let movie, let m = Int32(exactly: movie) else { throw bad("movieId is not a whole number that fits in 32 bits") }
                    rows.userIDs.append(u)
                    rows.movieIDs.append(m)
                    if ratings {
                        guard let v = ByteNumbers.double(scanner.slice(scanner[2])), v.isFinite else {
                            throw bad("rating is not a finite number")
                        }
                        rows.ratings.append(Float(v))
                    }
                }
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(error)", exitCode: .noInput)
        }
        return rows
    }
}
