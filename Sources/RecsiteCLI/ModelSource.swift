import Foundation
import RecsiteCore

/// Who trains ALS: recsite itself, or Apache Spark through `spark-submit`.
package enum TrainingEngine: Sendable, Equatable {
    case native
    /// `spark-submit --master MASTER spark/train_als.py`, with an explicit `spark-submit` or the one found.
    case spark(master: String, sparkSubmit: String?)

    /// "native" or "spark", as `model.json` records it.
    package var name: String {
        switch self {
        case .native: "native"
        case .spark: "spark"
        }
    }

    /// "recsite's native ALS" / "Apache Spark MLlib (master local[*])", for pages and progress.
    package var label: String {
        switch self {
        case .native: "recsite's native ALS"
        case let .spark(master, _): "Apache Spark MLlib (master \(master))"
        }
    }

    /// The Spark master, for Spark.
    package var sparkMaster: String? {
        if case let .spark(master, _) = self { return master }
        return nil
    }
}

/// Where a build's ALS model comes from.
package enum ModelSource: Sendable, Equatable {
    /// Trained on the data in this run.
    case train(TrainingEngine)
    /// Loaded from a folder `recsite train` wrote (never retrained).
    case reuse(folder: String)
}

/// Training with either engine, with the same messages and exit codes in `train` and `build`.
enum ALSTraining {
    /// Stops early, with the install command, when the engine cannot run here (Spark or Java missing).
    static func checkInstalled(_ engine: TrainingEngine, environment: [String: String]) throws(CLIError) {
        guard case .spark = engine else { return }
        do {
            try sparkEngine(engine, environment: environment, log: nil).checkInstalled()
        } catch let error as SparkEngineError {
            throw ModelCommandSupport.cliError(error)
        } catch {
            throw CLIError("while looking for Spark: \(error)", exitCode: .unavailable)
        }
    }

    /// Trains on `matrix` (built from `dataset`) with `engine`.
    ///
    /// - Parameter log: receives Spark's own progress lines.
    static func train(
        _ engine: TrainingEngine, dataset: Dataset, matrix: RatingMatrix, settings: ALSSettings,
        environment: [String: String], log: @escaping @Sendable (String) -> Void,
        iterationDone: ((Int) -> Void)? = nil
    ) throws(CLIError) -> ALSModel {
        do {
            switch engine {
            case .native:
                return try ALSTrainer.train(matrix, settings: settings, progress: iterationDone)
            case .spark:
                return try sparkEngine(engine, environment: environment, log: log)
                    .train(ratings: dataset.ratings, catalog: dataset.catalog, matrix: matrix, settings: settings)
            }
        } catch let error as CoreError {
            throw CLIError("while training ALS: \(error)", exitCode: .usage)
        } catch let error as SparkEngineError {
            throw ModelCommandSupport.cliError(error)
        } catch {
            throw CLIError("while training ALS: \(error)", exitCode: .failure)
        }
    }

    private static func sparkEngine(
        _ engine: TrainingEngine, environment: [String: String], log: (@Sendable (String) -> Void)?
    ) -> SparkALSEngine {
        guard case let .spark(master, sparkSubmit) = engine else { return SparkALSEngine(environment: environment) }
        return SparkALSEngine(master: master, sparkSubmit: sparkSubmit.map { URL(fileURLWithPath: $0) },
                              environment: environment, log: log)
    }

    /// "rank 10, 10 iterations, λ 0.1 × ratings per row (ALS-WR), nonnegative, seed 42".
    static func describe(_ settings: ALSSettings) -> String {
        "rank \(settings.rank), \(settings.iterations) iterations, λ \(Format.alpha(settings.regParam)) × ratings per row (ALS-WR), "
            + "\(settings.nonnegative ? "nonnegative" : "unconstrained"), seed \(settings.seed)"
    }

    /// The training time to record: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
    static func timestamp(environment: [String: String], now: Date = Date()) -> String {
        let date = environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init).map { Date(timeIntervalSince1970: $0) } ?? now
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
