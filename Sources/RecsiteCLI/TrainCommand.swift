import Foundation
import RecsiteCore

/// `recsite train`: loads and cleans a data set, trains ALS (natively or on Spark) and saves the
/// model folder (`model.json` + `factors.bin`) atomically.
package struct TrainCommand: Sendable {
    package enum Engine: String, Sendable, Equatable, CaseIterable {
        case native, spark
    }

    package var dataDirectory = "data/ml-100k"
    package var modelDirectory = "model"
    package var settings = ALSSettings()
    package var engine = Engine.native
    package var sparkMaster = "local[*]"
    package var sparkSubmit: String?
    package var strict = false
    package var force = false
    package var quiet = false
    package var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Where progress lines go (standard error by default; tests capture them).
    package var progressOutput: @Sendable (String) -> Void = Progress.standardError

    package init() {}

    package static let specs: [OptionSpec] = [
        .value("data", "DIR", default: "data/ml-100k", "MovieLens folder (any layout 'recsite build' reads)"),
        .value("model-dir", "DIR", default: "model", "the model folder to write (replaced atomically); 'recsite build --model-dir DIR' and 'recsite predict --model-dir DIR' use it"),
        .value("model", "DIR", "same as --model-dir (kept for scripts; in 'recsite build', --model names the language model)"),
        .value("rank", "K", default: "10", "ALS rank (latent factors)"),
        .value("iterations", "N", default: "10", "ALS iterations"),
        .value("reg-param", "L", default: "0.1", "ALS regularisation λ, scaled per row by its number of ratings (ALS-WR)"),
        .flag("allow-negative", "let ALS factors go negative (the default is nonnegative, as the reference)"),
        .value("seed", "N", default: "42", "seed for the factor initialisation"),
        .value("threads", "N", default: "all cores", "worker threads (the factors do not depend on it)"),
        .value("engine", "native|spark", default: "native", "train in recsite, or on Apache Spark through spark-submit"),
        .value("spark-master", "URL", default: "local[*]", "with --engine spark: the master (local[N], spark://HOST:PORT, yarn, …)"),
        .value("spark-submit", "PATH", "with --engine spark: the spark-submit to run (default: SPARK_HOME, PATH, bench/.venv)"),
        .flag("strict", "stop at the first malformed data row instead of skipping and counting it"),
        .flag("force", "replace the model folder even if it holds something that is not a model"),
        .flag("quiet", "print only errors"),
        .flag("help", "show this help"),
    ]

    package static var help: String {
        ModelCommandSupport.help(
            "Usage: recsite train --data DIR --model-dir DIR [options]",
            about: [
                "Trains ALS on a MovieLens folder and saves the model: model.json (engine, settings, when, counts,",
                "the data's fingerprint) and factors.bin (id maps and factors). The content model (TF-IDF) is not",
                "stored: it is rebuilt from the catalog, which takes a moment. 'recsite build --model-dir DIR'",
                "reuses the folder instead of retraining, and 'recsite predict --model-dir DIR' scores pairs with it;",
                "both refuse it for data other than the data it was trained on.",
            ],
            specs: specs)
    }

    package init(arguments: [String]) throws(CLIError) {
        let parsed = try ParsedOptions(arguments, specs: Self.specs, command: "train")
        func fail(_ message: String) -> CLIError { .usage(message, command: "train") }
        func integer(_ name: String, min: Int) throws(CLIError) -> Int? {
            guard let text = parsed.value(name) else { return nil }
            guard let value = Int(text), value >= min else { throw fail("--\(name) must be a whole number ≥ \(min), not '\(text)'") }
            return value
        }
        if let v = parsed.value("data") { dataDirectory = v }
        modelDirectory = try ModelCommandSupport.modelDirectory(parsed, command: "train") ?? modelDirectory
        if let v = try integer("rank", min: 1) { settings.rank = v }
        if let v = try integer("iterations", min: 1) { settings.iterations = v }
        if let text = parsed.value("reg-param") {
            guard let v = Double(text), v.isFinite, v >= 0 else { throw fail("--reg-param must be a number ≥ 0, not '\(text)'") }
            settings.regParam = v
        }
        settings.nonnegative = !parsed.has("allow-negative")
        if let text = parsed.value("seed") {
            guard let v = UInt64(text) else { throw fail("--seed must be a whole number ≥ 0, not '\(text)'") }
            settings.seed = v
        }
        if let v = try integer("threads", min: 1) { settings.threads = v }
        if let text = parsed.value("engine") {
            guard let v = Engine(rawValue: text) else { throw fail("--engine is native or spark, not '\(text)'") }
            engine = v
        }
        if let v = parsed.value("spark-master") {
            guard !v.isEmpty else { throw fail("--spark-master needs a URL") }
            sparkMaster = v
        }
        sparkSubmit = parsed.value("spark-submit")
        if engine == .native && (parsed.has("spark-master") || sparkSubmit != nil) {
            throw fail("--spark-master and --spark-submit need --engine spark")
        }
        strict = parsed.has("strict")
        force = parsed.has("force")
        quiet = parsed.has("quiet")
    }

    @discardableResult
    package func run() throws(CLIError) -> ModelManifest {
        let progress = Progress(totalSteps: 3, quiet: quiet, write: progressOutput)
        progress.begin("Loading \(dataDirectory)")
        let dataset = try ModelCommandSupport.loadData(dataDirectory, strict: strict)
        let matrix = RatingMatrix(ratings: dataset.ratings, catalog: dataset.catalog)
        progress.end("\(Format.count(dataset.ratings.count)) ratings, \(Format.count(matrix.userCount)) users, "
            + "\(Format.count(dataset.catalog.count)) movies; \(Format.count(dataset.cleaning.totalDropped)) rows dropped")

        let where_ = engine == .spark ? "on Spark (\(sparkMaster))" : "\(settings.threads) threads"
        progress.begin("Training ALS (rank \(settings.rank), \(settings.iterations) iterations, λ \(Format.alpha(settings.regParam)), "
            + "\(settings.nonnegative ? "nonnegative" : "unconstrained"), \(where_))")
        let trainingEngine: TrainingEngine = engine == .spark ? .spark(master: sparkMaster, sparkSubmit: sparkSubmit) : .native
        let model = try ALSTraining.train(trainingEngine, dataset: dataset, matrix: matrix, settings: settings,
                                          environment: environment, log: { [progress] line in progress.detail(line) })
        progress.end(model.trainingRMSE(matrix).map { "training RMSE \(Format.fixed($0, 4))" })

        progress.begin("Writing the model to \(modelDirectory)")
        let manifest: ModelManifest
        do {
            manifest = try ModelStore.save(
                model, catalog: dataset.catalog, fingerprint: DataFingerprint(matrix: matrix, catalog: dataset.catalog),
                engine: engine.rawValue, dataset: dataset.name, generator: "recsite \(CommandRunner.version)",
                to: URL(fileURLWithPath: modelDirectory), replacingAnything: force,
                trainedAt: ALSTraining.timestamp(environment: environment), sparkMaster: trainingEngine.sparkMaster)
        } catch {
            throw CLIError("while writing the model: \(error)", exitCode: .cannotCreate)
        }
        progress.end("\(Format.count(manifest.factorsBytes)) bytes of factors, data fingerprint \(manifest.dataFingerprint)")
        if !quiet { print("Model written to \(URL(fileURLWithPath: modelDirectory).standardizedFileURL.path)") }
        return manifest
    }
}

/// What `train`, `predict` and the ALS bench share: loading with the right exit codes, and help text.
enum ModelCommandSupport {
    static func loadData(_ directory: String, strict: Bool) throws(CLIError) -> Dataset {
        do {
            return try DatasetLoader.load(directory: URL(fileURLWithPath: directory), strict: strict)
        } catch let error as CoreError {
            let code: ExitCode = switch error {
            case .unreadableFile, .unknownLayout: .noInput
            default: .dataError
            }
            throw CLIError("while loading data: \(error)", exitCode: code)
        } catch {
            throw CLIError("while loading data: \(error)", exitCode: .dataError)
        }
    }

    /// `--model-dir DIR`, or its older spelling `--model DIR` (train and predict only).
    static func modelDirectory(_ parsed: ParsedOptions, command: String) throws(CLIError) -> String? {
        if parsed.value("model-dir") != nil && parsed.value("model") != nil {
            throw .usage("give --model-dir or --model, not both (they are the same option)", command: command)
        }
        return parsed.value("model-dir") ?? parsed.value("model")
    }

    static func loadModel(_ directory: String) throws(CLIError) -> ModelStore {
        do {
            return try ModelStore.load(from: URL(fileURLWithPath: directory))
        } catch let error as ModelStoreError {
            let code: ExitCode = if case .missingModel = error { .noInput } else { .dataError }
            throw CLIError("while loading the model: \(error)", exitCode: code)
        } catch {
            throw CLIError("while loading the model: \(error)", exitCode: .dataError)
        }
    }

    static func check(_ store: ModelStore, _ fingerprint: DataFingerprint) throws(CLIError) {
        do {
            try store.check(fingerprint: fingerprint)
        } catch {
            throw CLIError("\(error)", exitCode: .dataError)
        }
    }

    /// Spark errors: a missing install is "unavailable" (69), a failed job a failure (1).
    static func cliError(_ error: SparkEngineError) -> CLIError {
        let code: ExitCode = switch error {
        case .sparkNotFound, .sparkSubmitNotExecutable, .javaNotFound, .jobScriptMissing: .unavailable
        default: .failure
        }
        return CLIError("while training on Spark: \(error)", exitCode: code)
    }

    /// Help in the same shape as `recsite build --help`.
    static func help(_ usage: String, about: [String], specs: [OptionSpec]) -> String {
        var lines = [usage, ""] + about + ["", "Options:"]
        for spec in specs {
            let head = "  --\(spec.name)" + (spec.valueName.map { " \($0)" } ?? "")
            let padded = head.count < 30 ? head + String(repeating: " ", count: 30 - head.count) : head + "\n" + String(repeating: " ", count: 30)
            lines.append(padded + spec.help + (spec.defaultValue.map { " (default: \($0))" } ?? ""))
        }
        lines += ["", "Exit codes: 0 ok · 1 a step failed · 64 bad command line · 65 bad data or a model for other data ·",
                  "            66 missing input · 69 Spark or Java not installed · 73 the output could not be written"]
        return lines.joined(separator: "\n")
    }
}
