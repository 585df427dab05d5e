import Foundation
import RecsiteCore
import RecsitePublish

/// The ALS model a build ranks with — trained in this run (natively or on Spark) or reused from a
/// model folder, with any `--new-ratings` users folded in — and how pages and progress say so.
///
/// One step of `BuildCommand`: everything about where the factors come from lives here, so the
/// rest of the pipeline (ranking, explanations, pages) is the same whichever way they came.
struct BuildModel {
    /// Users added from `--new-ratings` by one ALS half-step against the model's item factors.
    struct FoldIn {
        /// The file as given on the command line.
        var path: String
        /// Every user of the file, ascending (with or without a factor).
        var userIDs: [Int]
        /// Users none of whose rated movies has a factor: they are ranked by content alone.
        var withoutFactor: Set<Int>
        /// Ratings kept from the file, and how many of them were of movies without a factor.
        var ratings: Int
        var ignored: Int
        var cleaning: CleaningReport

        var fileName: String { URL(fileURLWithPath: path).lastPathComponent }
    }

    /// The model, folded-in users included.
    var model: ALSModel
    /// The ratings rankings and pages read: the data's, plus the folded-in users'.
    var history: RatingMatrix
    var source: ModelSource
    /// The header of a reused model folder.
    var manifest: ModelManifest?
    var foldIn: FoldIn?
    /// On the data set's own ratings.
    var trainingRMSE: Double?

    var settings: ALSSettings { model.settings }

    // MARK: - Obtaining

    /// Runs before any data is loaded, so a wrong folder or a missing Spark stops the build at
    /// once: reads and checks the model folder of `--model-dir`, or checks the training engine.
    static func prepare(_ options: BuildOptions, environment: [String: String]) throws(CLIError) -> ModelStore? {
        switch options.modelSource {
        case let .reuse(folder):
            return try ModelCommandSupport.loadModel(folder)
        case let .train(engine):
            try ALSTraining.checkInstalled(engine, environment: environment)
            return nil
        }
    }

    /// Trains or loads the model (one progress step), then folds in `--new-ratings`.
    ///
    /// - Parameters:
    ///   - store: what `prepare` loaded, for `.reuse`.
    ///   - moviesFile: the data set's movies file, for "movie 5 is not in movies.csv".
    static func obtain(
        _ options: BuildOptions, environment: [String: String], dataset: Dataset, matrix: RatingMatrix,
        store: ModelStore?, moviesFile: String, progress: Progress
    ) throws(CLIError) -> BuildModel {
        var built: BuildModel
        switch options.modelSource {
        case let .train(engine):
            let settings = ALSSettings(rank: options.rank, iterations: options.iterations, regParam: options.regParam,
                                       nonnegative: options.nonnegative, seed: options.seed, threads: options.threads)
            let where_ = engine == .native ? "\(settings.threads) threads" : "on Spark (\(engine.sparkMaster ?? ""))"
            progress.begin("Training ALS (rank \(settings.rank), \(settings.iterations) iterations, λ \(Format.alpha(settings.regParam)), "
                + "\(settings.nonnegative ? "nonnegative" : "unconstrained"), \(where_))")
            let started = Date()
            let model = try ALSTraining.train(engine, dataset: dataset, matrix: matrix, settings: settings,
                                              environment: environment, log: { [progress] in progress.detail($0) },
                                              iterationDone: { iteration in
                                                  progress.counter(iteration, of: settings.iterations, noun: "iteration",
                                                                   since: started, plainLines: false)
                                              })
            built = BuildModel(model: model, history: matrix, source: .train(engine), manifest: nil, foldIn: nil,
                               trainingRMSE: model.trainingRMSE(matrix))
            progress.end(built.trainingRMSE.map { "training RMSE \(Format.fixed($0, 4))" })
        case let .reuse(folder):
            guard let store else { throw CLIError("the model folder \(folder) was not loaded", exitCode: .failure) }
            let m = store.manifest
            progress.begin("Reusing the ALS model in \(store.folder.standardizedFileURL.path) (trained by \(engineLabel(m))"
                + "\(m.trainedAt.map { " at \($0)" } ?? ""); \(ALSTraining.describe(m.settings)))")
            try ModelCommandSupport.check(store, DataFingerprint(matrix: matrix, catalog: dataset.catalog))
            built = BuildModel(model: store.model, history: matrix, source: .reuse(folder: folder), manifest: m, foldIn: nil,
                               trainingRMSE: store.model.trainingRMSE(matrix))
            progress.end("not retrained: data fingerprint \(m.dataFingerprint) matches"
                + (built.trainingRMSE.map { "; training RMSE \(Format.fixed($0, 4))" } ?? ""))
        }
        if let path = options.newRatingsFile {
            try built.foldIn(path, options: options, dataset: dataset, moviesFile: moviesFile, progress: progress)
        }
        return built
    }

    /// Reads `path`, solves the new users' factors and merges them and their ratings in.
    private mutating func foldIn(_ path: String, options: BuildOptions, dataset: Dataset, moviesFile: String,
                                 progress: Progress) throws(CLIError) {
        let read: NewRatingsReader.Result
        do {
            read = try NewRatingsReader.read(URL(fileURLWithPath: path), name: path, catalog: dataset.catalog,
                                             moviesFile: moviesFile, strict: options.strict)
        } catch let error as CoreError {
            let code: ExitCode = if case .unreadableFile = error { .noInput } else { .dataError }
            throw CLIError("while reading --new-ratings: \(error)", exitCode: code)
        } catch {
            throw CLIError("while reading --new-ratings: \(error)", exitCode: .dataError)
        }
        let newMatrix = RatingMatrix(ratings: read.ratings, catalog: dataset.catalog)
        let result: ALSFoldIn.Result
        do {
            result = try ALSFoldIn.foldIn(newMatrix, into: model, threads: options.threads)
        } catch {
            throw CLIError("while folding in \(path): \(error)", exitCode: .dataError)
        }
        var combined = dataset.ratings
        for r in 0..<read.ratings.count {
            combined.append(user: read.ratings.userIDs[r], movie: read.ratings.movieIDs[r],
                            rating: read.ratings.values[r], timestamp: read.ratings.timestamps[r])
        }
        model = result.model
        history = RatingMatrix(ratings: combined, catalog: dataset.catalog)
        foldIn = FoldIn(path: path, userIDs: newMatrix.userIDs, withoutFactor: Set(result.withoutFactor),
                        ratings: read.ratings.count, ignored: result.ratingsIgnored, cleaning: read.cleaning)
        progress.detail("folded in \(Format.plural(newMatrix.userCount, "new user")) from \(path) "
            + "(\(Format.plural(read.ratings.count, "rating"))): one ALS half-step against the model's item factors, no retraining")
        if read.cleaning.totalDropped > 0 {
            progress.detail("\(Format.count(read.cleaning.totalDropped)) rows of \(path) dropped")
            for example in read.cleaning.examples.prefix(5) { progress.detail("skipped \(example)") }
        }
        if result.ratingsIgnored > 0 {
            progress.detail("\(Format.plural(result.ratingsIgnored, "rating")) of movies the model has no factor for did not enter the solve")
        }
        if !result.withoutFactor.isEmpty {
            progress.warn("no rated movie of user\(result.withoutFactor.count == 1 ? "" : "s") "
                + "\(result.withoutFactor.map(String.init).joined(separator: ", ")) has an ALS factor: content similarity alone ranks for them")
        }
    }

    // MARK: - Cohort

    /// Who gets a page. `--users` names anyone with ratings, folded-in users included; a sample
    /// is drawn from the data set's users (so it is the same with or without `--new-ratings`)
    /// and every folded-in user is added to it; `all` is everyone.
    func cohort(_ request: BuildOptions.Cohort, seed: UInt64, dataUsers: [Int]) throws -> [Int] {
        switch request {
        case let .users(ids): return try CohortSampler.users(ids).select(from: history.userIDs)
        case .all: return try CohortSampler.all.select(from: history.userIDs)
        case let .sample(k):
            let sampled = try CohortSampler.sample(count: k, seed: seed).select(from: dataUsers)
            return Array(Set(sampled + (foldIn?.userIDs ?? []))).sorted()
        }
    }

    // MARK: - Saying so

    /// The index page's model facts about ALS: settings, where the factors came from, folded-in users.
    var facts: [Fact] {
        var facts = [Fact("ALS", ALSTraining.describe(settings))]
        switch source {
        case let .train(engine):
            facts.append(Fact("ALS model", "trained in this build by \(engine.label)"))
        case let .reuse(folder):
            var text = "reused from the model folder \(URL(fileURLWithPath: folder).lastPathComponent), not retrained: trained by "
                + (manifest.map(Self.engineLabel) ?? "?")
            if let when = manifest?.trainedAt { text += " at \(when)" }
            if let m = manifest {
                text += " with \(m.generator)\(m.dataset.map { " on \($0)" } ?? ""), \(Format.count(m.ratingCount)) ratings (data fingerprint \(m.dataFingerprint))"
            }
            facts.append(Fact("ALS model", text))
        }
        if let foldIn {
            let ids = foldIn.userIDs.prefix(20).map(String.init).joined(separator: ", ") + (foldIn.userIDs.count > 20 ? ", …" : "")
            facts.append(Fact("Folded-in users", "\(Format.count(foldIn.userIDs.count)) (\(ids)) from \(foldIn.fileName), "
                + "\(Format.plural(foldIn.ratings, "rating")): factors solved against the model's item factors (one ALS half-step), without retraining"))
        }
        return facts
    }

    /// The note on a folded-in user's page; nil for everyone else.
    func pageNote(for userID: Int, ratingCount: Int) -> String? {
        guard let foldIn, foldIn.userIDs.contains(userID) else { return nil }
        if foldIn.withoutFactor.contains(userID) {
            return "Folded in from \(foldIn.fileName): this user is not in the ALS model, and none of their rated movies has an ALS factor, so content similarity alone ranks for them."
        }
        return "Folded in from \(foldIn.fileName): this user is not in the ALS model; their factors were solved from their "
            + "\(Format.plural(ratingCount, "rating")) against the model's item factors (one ALS half-step), without retraining."
    }

    func isFoldedIn(_ userID: Int) -> Bool { foldIn?.userIDs.contains(userID) ?? false }

    /// "trained in this build by recsite's native ALS" / "reused from /path/model".
    var summary: String {
        var text: String
        switch source {
        case let .train(engine): text = "ALS trained by \(engine.label)"
        case let .reuse(folder): text = "ALS model reused from \(URL(fileURLWithPath: folder).standardizedFileURL.path)"
        }
        if let foldIn { text += ", \(Format.plural(foldIn.userIDs.count, "user")) folded in" }
        return text
    }

    /// For `--json`.
    var jsonSummary: BuildSummaryJSON.ALSModelSummary {
        let folded = foldIn?.userIDs ?? []
        switch source {
        case let .train(engine):
            return .init(source: "trained", engine: engine.name, sparkMaster: engine.sparkMaster, folder: nil, trainedAt: nil, foldedInUsers: folded)
        case let .reuse(folder):
            return .init(source: "reused", engine: manifest?.engine ?? "", sparkMaster: manifest?.sparkMaster,
                         folder: URL(fileURLWithPath: folder).standardizedFileURL.path, trainedAt: manifest?.trainedAt, foldedInUsers: folded)
        }
    }

    static func engineLabel(_ manifest: ModelManifest) -> String {
        switch manifest.engine {
        case "native": return TrainingEngine.native.label
        case "spark": return TrainingEngine.spark(master: manifest.sparkMaster ?? "unrecorded", sparkSubmit: nil).label
        default: return manifest.engine
        }
    }
}
