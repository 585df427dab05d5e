import Foundation

/// Runs one `recsite` command line and returns its exit code; `main.swift` only calls this.
public enum CommandRunner {
    package static let version = "0.1.0"

    public static func main(arguments: [String]) async -> Int32 {
        do {
            try await run(arguments: arguments, environment: ProcessInfo.processInfo.environment)
            return ExitCode.success.rawValue
        } catch {
            FileHandle.standardError.write(Data("recsite: \(error)\n".utf8))
            return error.exitCode.rawValue
        }
    }

    /// Dispatches to a command; errors carry the exit code to use.
    package static func run(arguments: [String], environment: [String: String]) async throws(CLIError) {
        guard let command = arguments.first else {
            print(HelpText.overview)
            return
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "build":
            if rest.contains("--help") || rest.contains("-h") {
                print(HelpText.build)
                return
            }
            let options = try BuildOptions(arguments: rest)
            try await BuildCommand(options: options, environment: environment).run()
        case "train":
            if rest.contains("--help") || rest.contains("-h") { print(TrainCommand.help); return }
            try TrainCommand(arguments: rest).run()
        case "predict":
            if rest.contains("--help") || rest.contains("-h") { print(PredictCommand.help); return }
            try PredictCommand(arguments: rest).run()
        case "als-bench":  // hidden: bench/als-vs-spark's helper
            try EvalRMSECommand(arguments: rest).run()
        case "help", "--help", "-h":
            switch rest.first {
            case "build": print(HelpText.build)
            case "train": print(TrainCommand.help)
            case "predict": print(PredictCommand.help)
            default: print(HelpText.overview)
            }
        case "version", "--version":
            print("recsite \(version)")
        default:
            throw CLIError("unknown command '\(command)'\n\n\(HelpText.overview)", exitCode: .usage)
        }
    }
}

/// The text of `recsite help` and `recsite build --help`, generated from the option specs.
package enum HelpText {
    package static let overview = """
    recsite \(CommandRunner.version) — turns MovieLens ratings into a static recommendation report site.

    Usage:
      recsite build [options]     train ALS + TF-IDF, rank a cohort, explain, and write the site
      recsite train [options]     train ALS and save the model folder (model.json + factors.bin) for build and predict
      recsite predict [options]   score userId,movieId pairs with a saved model
      recsite help [command]      show help
      recsite version             show the version

    Quick start:
      recsite build --data data/ml-100k --out site
    """

    package static var build: String {
        var lines = [
            "Usage: recsite build [options]",
            "",
            "Trains collaborative filtering (ALS) and content similarity (TF-IDF) on a MovieLens folder,",
            "ranks CF, content and hybrid top-N lists for a cohort of users, explains each user's list",
            "(Ollama or the offline explainer), and writes a static site that works from disk or any host.",
            "",
            "ALS is trained in recsite (--engine native), on Apache Spark (--engine spark), or not at all:",
            "--model-dir DIR reuses a model 'recsite train --model-dir DIR' saved, and --new-ratings FILE folds",
            "users the model has never seen into it. --model is the language model, not the ALS model.",
            "",
            "Options:",
        ]
        for spec in BuildOptions.specs {
            let head = "  --\(spec.name)" + (spec.valueName.map { " \($0)" } ?? "")
            let padded = head.count < 30 ? head + String(repeating: " ", count: 30 - head.count) : head + "\n" + String(repeating: " ", count: 30)
            lines.append(padded + spec.help + (spec.defaultValue.map { " (default: \($0))" } ?? ""))
        }
        lines += [
            "",
            "Environment:",
            "  OLLAMA_HOST                 the Ollama server, as Ollama's own tools read it",
            "  SOURCE_DATE_EPOCH           the build time printed on pages (none when unset)",
            "  SPARK_HOME, JAVA_HOME       where --engine spark finds spark-submit and Java",
            "",
            "Exit codes: 0 ok · 1 a step failed · 64 bad command line · 65 bad data, or a model trained on other data ·",
            "            66 missing input (data, model folder) · 69 a service unavailable (Ollama, Spark, Java) ·",
            "            73 the site could not be written",
        ]
        return lines.joined(separator: "\n")
    }
}

extension Error {
    /// The exit code for any error that reaches the top: CLIError knows its own; others are failures.
    var exitCode: ExitCode { (self as? CLIError)?.exitCode ?? .failure }
}
