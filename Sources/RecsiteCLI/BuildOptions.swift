import Foundation

/// Everything `recsite build` was asked to do, validated.
package struct BuildOptions: Sendable, Equatable {
    package enum Cohort: Sendable, Equatable {
        case users([Int])
        case sample(Int)
        case all
    }

    package enum ExplainerChoice: String, Sendable, Equatable, CaseIterable {
        /// The language model when it answers and has the model, else offline.
        case auto
        /// The language model, or stop.
        case llm
        case offline
    }

    package enum LLMBackendChoice: String, Sendable, Equatable, CaseIterable {
        case ollama, openai
    }

    package enum LLMAPIChoice: String, Sendable, Equatable, CaseIterable {
        case chat, completions
    }

    package enum HybridScaleChoice: String, Sendable, Equatable, CaseIterable {
        case minmax, raw
    }

    package enum SplitChoice: String, Sendable, Equatable, CaseIterable {
        /// A seeded random share of each user's ratings is held out.
        case random
        /// Each user's latest ratings are held out.
        case time
    }

    package var dataDirectory = "data/ml-100k"
    package var outputDirectory = "site"
    package var templatesDirectory: String?
    package var cohort = Cohort.sample(25)
    package var seed: UInt64 = 42
    package var alphas: [Double] = [0, 0.25, 0.5, 0.75, 1]
    /// The α whose hybrid list the explanation and the page's main list use.
    package var explainedAlpha = 0.5
    package var top = 10
    package var hybridScale = HybridScaleChoice.minmax
    package var likedThreshold: Float = 4
    /// Only movies with at least this many ratings are recommended.
    package var minRatings = 0
    package var rank = 10
    package var iterations = 10
    package var regParam = 0.1
    package var nonnegative = true
    package var threads = ProcessInfo.processInfo.activeProcessorCount
    /// `--engine`: who trains ALS when no model folder is given.
    package var engine = TrainingEngine.native
    /// `--model-dir`: a model folder `recsite train` wrote, reused instead of training.
    package var modelDirectory: String?
    /// `--new-ratings`: users to fold into the model (CSV userId,movieId,rating[,timestamp]).
    package var newRatingsFile: String?
    package var explainer = ExplainerChoice.auto
    package var llm = LLMBackendChoice.ollama
    /// nil: "gemma3" for Ollama, the server's first model for an OpenAI-compatible server.
    package var model: String?
    /// The LLM server: Ollama's base URL (default $OLLAMA_HOST) or an OpenAI-compatible API root (…/v1).
    package var llmURL: String?
    package var llmAPI = LLMAPIChoice.chat
    package var llmConcurrency = 1
    package var refreshExplanations = false
    /// Where explanations are cached; nil: `.recsite-cache/explanations` beside the output folder.
    package var cacheDirectory: String?
    package var useCache = true
    package var llmTimeout: Double = 300
    /// The most one explanation may take from request to last token.
    package var llmMaxTime: Double = 900
    package var strict = false
    package var force = false
    package var quiet = false
    /// The site's public URL, ending in "/": enables sitemap.xml and absolute links in 404.html.
    package var baseURL: String?
    /// Print the build summary as JSON on standard output.
    package var json = false
    /// Measure the lists on held-out ratings and put the figures on the index and in metrics.json.
    package var evaluate = true
    package var split = SplitChoice.random
    /// The share of each user's ratings held out for evaluation.
    package var testFraction = 0.2
    /// A held-out rating at or above this makes the movie relevant.
    package var relevantThreshold: Float = 4
    /// Evaluate at most this many users (a seeded sample); nil evaluates every test user.
    package var evaluationUsers: Int? = 2000

    package init() {}

    /// Train now with `engine`, or reuse `modelDirectory`.
    package var modelSource: ModelSource {
        modelDirectory.map { .reuse(folder: $0) } ?? .train(engine)
    }

    package static let specs: [OptionSpec] = [
        .value("data", "DIR", default: "data/ml-100k", "MovieLens folder; the layout is detected (ml-100k, RecBole, ml-latest/20m/25m/32m CSV, ml-1m/10m .dat, ml_belief_2024)"),
        .value("out", "DIR", default: "site", "where the site is written (replaced atomically)"),
        .value("templates", "DIR", "templates folder to use (default: the templates/ folder shipped with recsite, found in the working directory or above the executable)"),
        .value("users", "IDS", "comma-separated user ids for the cohort (e.g. 1,2,3)"),
        .value("cohort", "K|all", default: "25", "a deterministic sample of K users (see --seed), or every user"),
        .value("seed", "N", default: "42", "seed for ALS initialisation and the cohort sample"),
        .value("alphas", "LIST", default: "0,0.25,0.5,0.75,1", "hybrid weights α to compare: α·content + (1−α)·CF"),
        .value("alpha", "A", default: "0.5", "the α whose hybrid list each page leads with and explains (added to --alphas if missing)"),
        .value("top", "N", default: "10", "length of every list"),
        .value("hybrid-scale", "minmax|raw", default: "minmax", "scale CF and content to [0,1] before mixing, or mix the raw ALS rating with the raw cosine as the notebook recsite grew from did"),
        .value("liked", "R", default: "4", "a rating at or above R marks a movie as liked (content profile)"),
        .value("min-ratings", "N", default: "0", "recommend only movies with at least N ratings (ALS scores films rated two or three times wildly)"),
        .value("rank", "K", default: "10", "ALS rank (latent factors)"),
        .value("iterations", "N", default: "10", "ALS iterations"),
        .value("reg-param", "L", default: "0.1", "ALS regularisation λ, scaled per row by its number of ratings (ALS-WR)"),
        .flag("allow-negative", "let ALS factors go negative (the reference used nonnegative factors)"),
        .value("threads", "N", default: "all cores", "worker threads for training and ranking (results do not depend on it)"),
        .value("engine", "native|spark", default: "native", "train ALS in recsite, or on Apache Spark: recsite writes the cleaned ratings, runs spark/train_als.py with spark-submit and reads the factors back (PySpark and Java 17: scripts/install-pyspark)"),
        .value("spark-master", "URL", default: "local[*]", "with --engine spark: the master (local[N], spark://HOST:PORT, yarn, k8s://…)"),
        .value("spark-submit", "PATH", "with --engine spark: the spark-submit to run (default: SPARK_HOME, PATH, bench/.venv)"),
        .value("model-dir", "DIR", "reuse the ALS model 'recsite train --model-dir DIR' saved instead of training: pages and explanations are regenerated without retraining; a model trained on other data is refused. Its settings come from its model.json, so --rank, --iterations, --reg-param, --allow-negative and --engine do not apply. (--model is the language model.)"),
        .value("new-ratings", "FILE", "fold in users the model has never seen from a CSV with header userId,movieId,rating[,timestamp]: their factors are solved against the model's item factors (one ALS half-step, no retraining) and they get pages, labelled as folded in"),
        .value("explainer", "auto|llm|offline", default: "auto", "who writes explanations: auto uses the language model when it answers and has the model, else the offline explainer; llm requires it (ollama is accepted for llm)"),
        .value("llm", "ollama|openai", default: "ollama", "the language-model server: Ollama's API, or an OpenAI-compatible one (llama.cpp server, vLLM, LM Studio)"),
        .value("llm-url", "URL", default: "$OLLAMA_HOST or http://127.0.0.1:11434", "the server; for --llm openai its API root, e.g. http://127.0.0.1:8080/v1"),
        .value("model", "NAME", default: "gemma3 (Ollama); the server's first model (openai)", "the language model that writes explanations (the saved ALS model is --model-dir)"),
        .value("llm-api", "chat|completions", default: "chat", "for --llm openai: completions sends a plain prompt, for base models without a chat template"),
        .value("llm-concurrency", "N", default: "1", "explanations requested at once"),
        .value("llm-timeout", "SECONDS", default: "300", "how long the server may stay silent while answering (a cold model load can take minutes)"),
        .value("llm-max-time", "SECONDS", default: "900", "the most one explanation may take in all, however steadily the server sends"),
        .value("cache", "DIR", default: ".recsite-cache/explanations beside --out", "where explanations are cached by prompt; a rebuild asks the model only for prompts that changed"),
        .flag("refresh-explanations", "ask the model again for every user, replacing cached explanations"),
        .flag("no-cache", "neither read nor write the explanation cache"),
        .value("ollama-host", "URL", "same as --llm-url (kept for scripts)"),
        .flag("strict", "stop at the first malformed data row instead of skipping and counting it"),
        .flag("force", "replace an output folder recsite did not create"),
        .flag("no-eval", "skip the evaluation on held-out ratings (it trains ALS a second time on the training part)"),
        .value("split", "random|time", default: "random", "evaluation split: a seeded random share of each user's ratings (see --seed), or each user's latest ratings"),
        .value("test-fraction", "F", default: "0.2", "the share of each user's ratings held out for evaluation"),
        .value("relevant", "R", default: "4", "a held-out rating at or above R counts as relevant for precision, recall, NDCG, MAP and hit rate"),
        .value("eval-users", "N|all", default: "2000", "rank at most N test users for the ranking metrics (a seeded sample), or all of them"),
        .value("base-url", "URL", "the site's public URL (e.g. https://example.org/movielens-site/): adds sitemap.xml"),
        .flag("json", "print the build summary as JSON on standard output"),
        .flag("quiet", "print only errors"),
        .flag("help", "show this help"),
    ]

    package init(arguments: [String]) throws(CLIError) {
        let parsed = try ParsedOptions(arguments, specs: Self.specs, command: "build")
        func fail(_ message: String) -> CLIError { .usage(message, command: "build") }
        func integer(_ name: String, min: Int) throws(CLIError) -> Int? {
            guard let text = parsed.value(name) else { return nil }
            guard let value = Int(text), value >= min else { throw fail("--\(name) must be a whole number ≥ \(min), not '\(text)'") }
            return value
        }
        func number(_ name: String) throws(CLIError) -> Double? {
            guard let text = parsed.value(name) else { return nil }
            guard let value = Double(text), value.isFinite else { throw fail("--\(name) must be a number, not '\(text)'") }
            return value
        }

        if let v = parsed.value("data") { dataDirectory = v }
        if let v = parsed.value("out") { outputDirectory = v }
        templatesDirectory = parsed.value("templates")
        if parsed.value("users") != nil && parsed.value("cohort") != nil {
            throw fail("give either --users or --cohort, not both")
        }
        if let text = parsed.value("users") {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            var ids: [Int] = []
            for part in parts {
                guard let id = Int(part) else { throw fail("--users takes comma-separated user ids; '\(part)' is not one") }
                if !ids.contains(id) { ids.append(id) }
            }
            cohort = .users(ids)
        }
        if let text = parsed.value("cohort") {
            if text == "all" {
                cohort = .all
            } else if let k = Int(text), k > 0 {
                cohort = .sample(k)
            } else {
                throw fail("--cohort takes a number of users or 'all', not '\(text)'")
            }
        }
        if let text = parsed.value("seed") {
            guard let value = UInt64(text) else { throw fail("--seed must be a whole number ≥ 0, not '\(text)'") }
            seed = value
        }
        if let text = parsed.value("alphas") {
            var values: [Double] = []
            for part in text.split(separator: ",") {
                guard let a = Double(part.trimmingCharacters(in: .whitespaces)), (0...1).contains(a) else {
                    throw fail("--alphas takes numbers between 0 and 1; '\(part)' is not one")
                }
                values.append(a)
            }
            guard !values.isEmpty else { throw fail("--alphas needs at least one value") }
            alphas = values
        }
        if let a = try number("alpha") {
            guard (0...1).contains(a) else { throw fail("--alpha must be between 0 and 1, not \(a)") }
            explainedAlpha = a
        }
        alphas = Array(Set(alphas + [explainedAlpha])).sorted()
        if let v = try integer("top", min: 1) { top = v }
        if let text = parsed.value("hybrid-scale") {
            guard let v = HybridScaleChoice(rawValue: text) else { throw fail("--hybrid-scale is 'minmax' or 'raw', not '\(text)'") }
            hybridScale = v
        }
        if let v = try number("liked") { likedThreshold = Float(v) }
        if let v = try integer("min-ratings", min: 0) { minRatings = v }
        if let v = try integer("rank", min: 1) { rank = v }
        if let v = try integer("iterations", min: 1) { iterations = v }
        if let v = try number("reg-param") {
            guard v >= 0 else { throw fail("--reg-param must be ≥ 0") }
            regParam = v
        }
        nonnegative = !parsed.has("allow-negative")
        if let v = try integer("threads", min: 1) { threads = v }
        if let text = parsed.value("engine") {
            guard ["native", "spark"].contains(text) else { throw fail("--engine is native or spark, not '\(text)'") }
            if text == "spark" {
                let master = parsed.value("spark-master") ?? "local[*]"
                guard !master.isEmpty else { throw fail("--spark-master needs a URL") }
                engine = .spark(master: master, sparkSubmit: parsed.value("spark-submit"))
            }
        }
        if engine == .native && (parsed.has("spark-master") || parsed.has("spark-submit")) {
            throw fail("--spark-master and --spark-submit need --engine spark")
        }
        if let v = parsed.value("model-dir") {
            guard !v.isEmpty else { throw fail("--model-dir needs a folder") }
            // The stored model fixes these; accepting them silently would print settings that were not used.
            let fixed = ["rank", "iterations", "reg-param", "allow-negative", "engine"].filter(parsed.has)
            if !fixed.isEmpty {
                throw fail("\(fixed.map { "--\($0)" }.joined(separator: ", ")) cannot be combined with --model-dir: the saved model's "
                    + "settings and engine are in its model.json; retrain with 'recsite train' to change them")
            }
            modelDirectory = v
        }
        if let v = parsed.value("new-ratings") {
            guard !v.isEmpty else { throw fail("--new-ratings needs a file") }
            newRatingsFile = v
        }
        if let text = parsed.value("explainer") {
            guard let v = text == "ollama" ? .llm : ExplainerChoice(rawValue: text) else {
                throw fail("--explainer is auto, llm or offline, not '\(text)'")
            }
            explainer = v
        }
        if let text = parsed.value("llm") {
            guard let v = LLMBackendChoice(rawValue: text) else { throw fail("--llm is ollama or openai, not '\(text)'") }
            llm = v
        }
        if let text = parsed.value("llm-api") {
            guard let v = LLMAPIChoice(rawValue: text) else { throw fail("--llm-api is chat or completions, not '\(text)'") }
            llmAPI = v
        }
        if let v = parsed.value("model") {
            guard !v.isEmpty else { throw fail("--model needs a model name") }
            model = v
        }
        if parsed.value("llm-url") != nil && parsed.value("ollama-host") != nil {
            throw fail("give --llm-url or --ollama-host, not both")
        }
        llmURL = parsed.value("llm-url") ?? parsed.value("ollama-host")
        if let text = llmURL {
            guard let url = URL(string: text.contains("://") ? text : "http://" + text), url.host != nil else {
                throw fail("--llm-url must be a URL such as http://127.0.0.1:11434, not '\(text)'")
            }
        }
        if llm == .openai && llmURL == nil && explainer != .offline {
            throw fail("--llm openai needs --llm-url, e.g. http://127.0.0.1:8080/v1")
        }
        if let v = try integer("llm-concurrency", min: 1) { llmConcurrency = v }
        cacheDirectory = parsed.value("cache")
        refreshExplanations = parsed.has("refresh-explanations")
        useCache = !parsed.has("no-cache")
        if !useCache && (cacheDirectory != nil || refreshExplanations) {
            throw fail("--no-cache cannot be combined with --cache or --refresh-explanations")
        }
        if let v = try number("llm-timeout") {
            guard v > 0 else { throw fail("--llm-timeout must be positive") }
            llmTimeout = v
        }
        if let v = try number("llm-max-time") {
            guard v > 0 else { throw fail("--llm-max-time must be positive") }
            llmMaxTime = v
        }
        strict = parsed.has("strict")
        force = parsed.has("force")
        quiet = parsed.has("quiet")
        json = parsed.has("json")
        evaluate = !parsed.has("no-eval")
        if let text = parsed.value("split") {
            guard let v = SplitChoice(rawValue: text) else { throw fail("--split is 'random' or 'time', not '\(text)'") }
            split = v
        }
        if let v = try number("test-fraction") {
            guard v > 0 && v < 1 else { throw fail("--test-fraction must be between 0 and 1 (exclusive), not \(Format.alpha(v))") }
            testFraction = v
        }
        if let v = try number("relevant") { relevantThreshold = Float(v) }
        if let text = parsed.value("eval-users") {
            if text == "all" {
                evaluationUsers = nil
            } else if let k = Int(text), k > 0 {
                evaluationUsers = k
            } else {
                throw fail("--eval-users takes a number of users or 'all', not '\(text)'")
            }
        }
        if !evaluate && ["split", "test-fraction", "relevant", "eval-users"].contains(where: { parsed.value($0) != nil }) {
            throw fail("--no-eval cannot be combined with --split, --test-fraction, --relevant or --eval-users")
        }
        if let text = parsed.value("base-url") {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                  url.host != nil, url.query == nil, url.fragment == nil else {
                throw fail("--base-url must be an http or https URL such as https://example.org/reports/, not '\(text)'")
            }
            baseURL = text.hasSuffix("/") ? text : text + "/"
        }
    }
}
