import Foundation
import RecsiteCore
import RecsiteExplain
import RecsitePublish

/// `recsite build`: load → train → rank → explain → render → publish, as numbered steps.
package struct BuildCommand: Sendable {
    package var options: BuildOptions
    package var environment: [String: String]
    /// Where progress lines go (standard error by default; tests capture them).
    package var progressOutput: @Sendable (String) -> Void = Progress.standardError

    package init(options: BuildOptions, environment: [String: String]) {
        self.options = options
        self.environment = environment
    }

    /// What a finished build reports on standard output.
    package struct Summary: Sendable {
        package var siteFolder: String
        package var pages: Int
        package var publish: PublishReport
        package var explainer: String
        package var explanationFailures: Int
        /// Where the ALS model came from: trained now (which engine) or reused (which folder).
        package var modelSource: ModelSource
        /// Users folded in from `--new-ratings`, ascending.
        package var foldedInUsers: [Int]
        /// Titles the cohort's explanations name, by kind, summed over users.
        package var grounding: GroundingCounts = .zero
    }

    @discardableResult
    package func run() async throws(CLIError) -> Summary {
        let progress = Progress(totalSteps: options.evaluate ? 7 : 6, quiet: options.quiet, write: progressOutput)
        let output = URL(fileURLWithPath: options.outputDirectory)
        let writer = SiteWriter(output: output, force: options.force)
        let renderer = try loadTemplates()
        try step("checking the output folder", .cannotCreate) { try writer.checkOutput() }

        let dataFolder = URL(fileURLWithPath: options.dataDirectory)
        let dataFiles = try step("finding the data", .noInput) { try DatasetFiles.locate(directory: dataFolder) }
        // A missing model folder or Spark install stops the run before anything is loaded or trained.
        let savedModel = try BuildModel.prepare(options, environment: environment)
        // Pick the explainer before any real work: a missing model should stop the run early (C19).
        let explainer = try await chooseExplainer()

        progress.begin("Loading \(options.dataDirectory)")
        let dataset = try step("loading data", .dataError) {
            try DatasetLoader.load(directory: dataFolder, strict: options.strict)
        }
        let matrix = RatingMatrix(ratings: dataset.ratings, catalog: dataset.catalog)
        progress.end("\(Self.describe(dataset)): \(Format.count(dataset.ratings.count)) ratings, "
            + "\(Format.count(matrix.userCount)) users, \(Format.count(dataset.catalog.count)) movies; "
            + "\(Format.count(dataset.cleaning.totalDropped)) rows dropped"
            + (dataset.cleaning.repaired.isEmpty ? "" : ", \(Format.count(dataset.cleaning.repaired.values.reduce(0, +))) repaired"))
        for example in dataset.cleaning.examples.prefix(5) { progress.detail("skipped \(example)") }

        // Train (natively or on Spark) or reuse a saved model, and fold in --new-ratings (BuildModel.swift).
        let als = try BuildModel.obtain(options, environment: environment, dataset: dataset, matrix: matrix,
                                        store: savedModel, moviesFile: dataFiles.movies.name, progress: progress)
        let model = als.model
        let rmse = als.trainingRMSE
        let cohort = try step("choosing the cohort", .usage) {
            try als.cohort(options.cohort, seed: options.seed, dataUsers: matrix.userIDs)
        }
        if case let .sample(k) = options.cohort, k > matrix.userCount {
            progress.detail("--cohort \(k) asks for more users than the data has: all \(matrix.userCount) are included")
        }

        progress.begin("Building the TF-IDF content model")
        let content = ContentModel(catalog: dataset.catalog)
        progress.end("\(Format.count(content.vocabulary.count)) terms, \(Format.count(content.vectors.nonZeroCount)) non-zeros")
        var notes: [String] = []
        if !content.hasSignal {
            notes.append("No title or genre has a word left after stop words are removed: content scores are all 0, and the hybrid lists follow collaborative filtering.")
            progress.warn(notes.last!)
        }

        let scale: HybridScale = options.hybridScale == .raw ? .raw : .minMax
        let hybridSettings = HybridSettings(count: options.top, alphas: options.alphas, scale: scale,
                                            likedThreshold: options.likedThreshold, minRatings: options.minRatings)
        let evaluation = options.evaluate ? try evaluate(dataset, als: als.settings, hybrid: hybridSettings, progress: progress) : nil

        progress.begin("Ranking \(Format.plural(cohort.count, "user")) (top \(options.top), α = \(options.alphas.map(Format.alpha).joined(separator: ", ")))")
        let ranker = try step("ranking", .usage) {
            try HybridRanker(catalog: dataset.catalog, history: als.history, model: model, content: content, settings: hybridSettings)
        }
        let recommendations = ranker.recommend(userIDs: cohort, threads: options.threads)
        let profiles = cohort.map {
            UserProfile(userID: $0, matrix: als.history, catalog: dataset.catalog, likedThreshold: options.likedThreshold)
        }
        progress.end()

        let site = siteInfo(dataset: dataset, explainer: explainer.source)
        let builder = PageBuilder(catalog: dataset.catalog, site: site, top: options.top,
                                  explainedAlpha: options.explainedAlpha, scale: scale,
                                  likedThreshold: options.likedThreshold, ratingCounts: ranker.popularity.ratingCounts)

        progress.begin("Explaining \(Format.plural(cohort.count, "list")) with \(explainer.source.label)"
            + (options.llmConcurrency > 1 ? " (\(options.llmConcurrency) at once)" : ""))
        let requests = zip(profiles, recommendations).map { builder.explanationRequest($0, $1, content: content) }
        let (cachedExplainer, cacheFolder) = cache(for: explainer, output: output)
        // The total time limit sits outside the cache: a hit is instant, a miss is the server's time.
        var asked: any Explainer = cachedExplainer ?? explainer
        if let server = explainer as? any LanguageModelServerClient {
            asked = TimeLimitedExplainer(wrapping: asked, seconds: options.llmMaxTime, server: server.serverDescription,
                                         backend: server.backend)
        }
        let started = Date()
        let results = await ExplanationRunner.run(
            requests: requests, explainer: asked, concurrency: options.llmConcurrency,
            progress: { done, total in progress.counter(done, of: total, noun: "user", since: started) })
        var explanations: [ExplanationBlock] = []
        var failures = 0
        let fallback = OfflineExplainer()
        // One title index per build; each explanation is grounded against its own user's page.
        let explanationRenderer = ExplanationRenderer(index: TitleIndex(catalog: dataset.catalog))
        var grounding = GroundingCounts.zero
        for (i, (request, result)) in zip(requests, results).enumerated() {
            let context = builder.groundingContext(profiles[i], recommendations[i])
            let block: ExplanationBlock
            let counts: GroundingCounts
            do {
                let answer = try result.get()
                guard !answer.isBlank else { throw EmptyAnswer() }
                for warning in answer.warnings { progress.warn("user \(request.userID): \(warning)") }
                (block, counts) = explanationRenderer.block(answer, failure: nil, context: context)
            } catch {
                failures += 1
                progress.warn("user \(request.userID): \(error)")
                let offline = try? await fallback.explain(request)
                (block, counts) = explanationRenderer.block(
                    offline, failure: "\(explainer.source.label) failed (\(error)); the offline explainer's text is shown instead.",
                    context: context)
            }
            explanations.append(block)
            grounding = grounding + counts
        }
        var explainSummary = failures == 0 ? "" : "\(failures) failed"
        if let stats = cachedExplainer?.statistics, let cacheFolder {
            explainSummary += (explainSummary.isEmpty ? "" : "; ") + "cache \(cacheFolder.path): \(stats.hits) hits, \(stats.misses) misses, "
                + "LLM time \(Format.seconds(stats.llmSeconds))"
        }
        progress.detail("titles named: \(Self.describe(grounding))")
        progress.end(explainSummary.isEmpty ? nil : explainSummary)

        progress.begin("Writing the site to \(options.outputDirectory)")
        var userPages: [UserPage] = []
        for i in cohort.indices {
            let r = recommendations[i]
            var pageNotes = fallbackNotes(r, threshold: options.likedThreshold)
            if let note = als.pageNote(for: cohort[i], ratingCount: profiles[i].ratingCount) { pageNotes.insert(note, at: 0) }
            if profiles[i].ratingCount < 5 {
                pageNotes.append("This user has only \(Format.plural(profiles[i].ratingCount, "rating")): treat the lists with care.")
            }
            userPages.append(builder.userPage(
                profiles[i], r, explanation: explanations[i], notes: pageNotes,
                previous: i > 0 ? cohort[i - 1] : nil, next: i + 1 < cohort.count ? cohort[i + 1] : nil))
        }
        var index = indexPage(site: site, dataset: dataset, matrix: matrix, als: als, notes: notes,
                              profiles: profiles, recommendations: recommendations, explanations: explanations, builder: builder)
        index.evaluation = evaluation.map { EvaluationPresenter(report: $0).section() }
        index.groundingSummary = "Titles the explanations name, over the cohort: \(Self.describe(grounding))."
        var files = try step("rendering pages", .failure) { try renderer.render(index: index, users: userPages, baseURL: options.baseURL) }
        if let evaluation { files["metrics.json"] = EvaluationPresenter(report: evaluation).metricsJSON() }
        let report = try step("writing the site", .cannotCreate) { try writer.publish(files) }
        progress.end("\(report.written) written, \(report.unchanged) unchanged, \(report.removed) removed")

        if options.json {
            print(BuildSummaryJSON.render(site: output.standardizedFileURL.path, dataset: dataset, users: cohort.count,
                                          report: report, explainer: explainer.source, failures: failures, trainingRMSE: rmse,
                                          alsModel: als.jsonSummary, evaluation: evaluation, grounding: grounding))
        } else if !options.quiet {
            print("Site written to \(output.standardizedFileURL.path)/index.html (\(Format.plural(cohort.count, "user page")), explanations by \(explainer.source.label)\(failures > 0 ? ", \(failures) failed" : ""); \(als.summary))")
        }
        return Summary(siteFolder: output.path, pages: userPages.count + 1, publish: report,
                       explainer: explainer.source.label, explanationFailures: failures,
                       modelSource: als.source, foldedInUsers: als.foldIn?.userIDs ?? [], grounding: grounding)
    }

    /// Trains on a held-out split through the site's own code path and measures every list.
    private func evaluate(_ dataset: Dataset, als: ALSSettings, hybrid: HybridSettings, progress: Progress) throws(CLIError) -> EvaluationReport {
        let split: EvaluationSplit = options.split == .time ? .time(fraction: options.testFraction)
            : .random(fraction: options.testFraction, seed: options.seed)
        progress.begin("Evaluating on held-out ratings (\(options.split == .time ? "each user's latest" : "a random") "
            + "\(Format.percent(options.testFraction)) per user, relevant ≥ \(Format.alpha(Double(options.relevantThreshold))), k = \(options.top))")
        let evaluator = Evaluator(split: split, als: als, hybrid: hybrid, relevantThreshold: options.relevantThreshold,
                                  maxUsers: options.evaluationUsers, threads: options.threads)
        let report = try step("evaluating", .usage) {
            try evaluator.run(on: dataset) { stage in
                switch stage {
                case .splitting: break
                case let .training(ratings): progress.detail("training on \(Format.count(ratings)) ratings")
                case let .ranking(users): progress.detail("ranking \(Format.plural(users, "test user"))")
                case .scoring: break
                }
            }
        }
        let best = report.bestRow(for: .ndcg).map { report.rows[$0] }
        let cf = report.rows.first { $0.name == "CF" }
        progress.end("held-out RMSE \(report.ratingMetrics.rmse.map { Format.fixed($0, 4) } ?? "–"); NDCG@\(options.top): "
            + "CF \(cf.map { Format.fixed($0.ndcg, 3) } ?? "–"), best list \(best.map { "\($0.name) (\(Format.fixed($0.ndcg, 3)))" } ?? "–")")
        return report
    }

    /// A model that answers with nothing has failed, not explained.
    private struct EmptyAnswer: Error, CustomStringConvertible {
        var description: String { "the model returned an empty answer" }
    }

    // MARK: - Steps

    /// Runs a step, turning any error into a CLIError with the step's name and an exit code.
    private func step<T>(_ name: String, _ code: ExitCode, _ body: () throws -> T) throws(CLIError) -> T {
        do {
            return try body()
        } catch let error as CoreError {
            let exit: ExitCode = switch error {
            case .unreadableFile, .unknownLayout: .noInput
            case .invalidSetting: .usage
            default: .dataError
            }
            throw CLIError("while \(name): \(error)", exitCode: name == "choosing the cohort" ? .usage : exit)
        } catch {
            throw CLIError("while \(name): \(error)", exitCode: code)
        }
    }

    private func loadTemplates() throws(CLIError) -> SiteRenderer {
        let directory: URL
        if let given = options.templatesDirectory {
            directory = URL(fileURLWithPath: given)
        } else if let found = TemplateLocator.defaultDirectory() {
            directory = found
        } else {
            throw CLIError("cannot find recsite's templates folder (looked beside the working directory and the executable); pass --templates DIR", exitCode: .noInput)
        }
        return try step("loading templates from \(directory.path)", .failure) {
            let renderer = try SiteRenderer(templatesDirectory: directory)
            try renderer.checkLinks(baseURL: options.baseURL)
            return renderer
        }
    }

    private func chooseExplainer() async throws(CLIError) -> any Explainer {
        if options.explainer == .offline { return OfflineExplainer() }
        let prompt: PromptBuilder
        do {
            prompt = try PromptBuilder(templatesDirectory: options.templatesDirectory.map { URL(fileURLWithPath: $0) }
                                       ?? TemplateLocator.defaultDirectory())
        } catch {
            throw CLIError("while loading the prompt template: \(error)", exitCode: .failure)
        }
        do {
            switch options.llm {
            case .ollama:
                let base = options.llmURL.map { OllamaHost.parse($0) } ?? OllamaHost.resolve(environment: environment)
                return try await OllamaClient(baseURL: base, model: options.model ?? "gemma3",
                                              configuration: .init(readTimeout: options.llmTimeout), prompt: prompt).preflighted()
            case .openai:
                let text = options.llmURL ?? ""
                let base = URL(string: text.contains("://") ? text : "http://" + text)!
                let api: OpenAICompatibleClient.API = options.llmAPI == .completions ? .completions : .chat
                return try await OpenAICompatibleClient(baseURL: base, model: options.model ?? "",
                                                        configuration: .init(api: api, readTimeout: options.llmTimeout),
                                                        prompt: prompt).resolvingModel()
            }
        } catch {
            if options.explainer == .llm {
                throw CLIError("while checking the language model: \(error)", exitCode: .unavailable)
            }
            if !options.quiet {
                progressOutput("Explanations will come from the offline explainer: the language model is not available.\n      \(error)\n")
            }
            return OfflineExplainer()
        }
    }

    /// The cache around a language model (offline explanations are cheap and never cached).
    private func cache(for explainer: any Explainer, output: URL) -> (CachedExplainer?, URL?) {
        guard options.useCache, explainer.source.explainer != "offline" else { return (nil, nil) }
        let folder = options.cacheDirectory.map { URL(fileURLWithPath: $0) }
            ?? ExplanationCache.defaultDirectory(forOutput: output)
        let cache = ExplanationCache(directory: folder)
        return (CachedExplainer(wrapping: explainer, cache: cache, refresh: options.refreshExplanations), folder)
    }

    private func fallbackNotes(_ r: UserRecommendations, threshold: Float) -> [String] {
        var notes: [String] = []
        if let rating = r.profileRating {
            notes.append("No movie is rated ≥ \(Format.alpha(Double(threshold))): the content list, the genre profile and the liked "
                + "movies below use this user's highest-rated movies (rated \(Format.alpha(Double(rating)))) instead.")
        }
        switch r.basis {
        case .blend: break
        case .contentOnly: notes.append("ALS has no factors for this user, so every hybrid list is the content list.")
        case .cfOnly: notes.append("No content profile (the rated movies' titles and genres have no words to compare), so every hybrid list is the CF list.")
        case .popularity: notes.append("Neither model can score this user: the lists show the most-rated movies they have not seen.")
        }
        return notes
    }

    // MARK: - Site facts

    /// "12 in the lists, 4 rated by the user, 1 outside suggestion, 0 unverified".
    static func describe(_ counts: GroundingCounts) -> String {
        "\(Format.count(counts.inLists)) in the lists, \(Format.count(counts.inHistory)) rated by the user, "
            + "\(Format.plural(counts.outside, "outside suggestion")), \(Format.count(counts.unverified)) unverified"
    }

    /// "ml-100k (RecBole atomic files ml-100k.inter, ml-100k.item)".
    static func describe(_ dataset: Dataset) -> String {
        let files: String = switch dataset.layout {
        case .ml100k: "MovieLens 100K files u.data, u.item"
        case .recbole: "RecBole atomic files \(dataset.name).inter, \(dataset.name).item"
        case .csv: "CSV files ratings.csv, movies.csv"
        case .dat: "files ratings.dat, movies.dat"
        case .belief2024: "data_release/user_rating_history.csv, data_release/movies.csv"
        }
        return "\(dataset.name) (\(files))"
    }

    private func siteInfo(dataset: Dataset, explainer: ExplanationSource) -> SiteInfo {
        let terms = DatasetCitation.forDataset(name: dataset.name, layout: dataset.layout)
        var buildTime: String?
        if let epoch = environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init) {
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = TimeZone(identifier: "UTC")
            buildTime = formatter.string(from: Date(timeIntervalSince1970: epoch))
        }
        return SiteInfo(title: "recsite · \(dataset.name)", datasetName: dataset.name, datasetDescription: terms.description,
                        citation: terms.citation, licence: terms.licence, licenceWarning: terms.warning,
                        generator: "recsite \(CommandRunner.version)", buildTime: buildTime, explainerLabel: explainer.label)
    }

    private func indexPage(site: SiteInfo, dataset: Dataset, matrix: RatingMatrix, als: BuildModel, notes: [String],
                           profiles: [UserProfile], recommendations: [UserRecommendations],
                           explanations: [ExplanationBlock], builder: PageBuilder) -> IndexPage {
        let cleaning = dataset.cleaning
        var cleaningFacts = [
            Fact("Rating rows read", Format.count(cleaning.ratingRowsRead)),
            Fact("Movie rows read", Format.count(cleaning.movieRowsRead)),
        ]
        for (reason, count) in cleaning.droppedInOrder { cleaningFacts.append(Fact("Dropped: \(reason.rawValue)", Format.count(count))) }
        if cleaning.totalDropped == 0 { cleaningFacts.append(Fact("Dropped", "none")) }
        for (reason, count) in cleaning.repairedInOrder { cleaningFacts.append(Fact("Repaired: \(reason.rawValue)", Format.count(count))) }
        let cohort = profiles.indices.map { i in
            let first = builder.explainedList(recommendations[i]).first.map { builder.displayTitle(dataset.catalog[$0.movieIndex]) } ?? "–"
            return CohortRow(
                userID: profiles[i].userID, href: PageBuilder.userPath(profiles[i].userID),
                ratingCount: profiles[i].ratingCount, likedCount: profiles[i].liked.count,
                topGenres: profiles[i].genres.prefix(3).map(\.genre).joined(separator: ", "), firstPick: first,
                explanationStatus: explanations[i].failure == nil ? explanations[i].shortSource : "failed; offline text shown",
                foldedIn: als.isFoldedIn(profiles[i].userID),
                grounding: ExplanationRenderer.summary(of: explanations[i].grounding))
        }
        return IndexPage(
            site: site,
            dataFacts: [
                Fact("Data set", Self.describe(dataset)),
                Fact("Ratings", Format.count(dataset.ratings.count)),
                Fact("Users", Format.count(matrix.userCount)),
                Fact("Movies", Format.count(dataset.catalog.count)),
            ],
            cleaningFacts: cleaningFacts,
            modelFacts: als.facts + [
                Fact("Content", "TF-IDF over title + genres (English stop words, smooth idf, l2)"),
                Fact("Hybrid", "α·content + (1−α)·CF, \(options.hybridScale == .raw ? "raw scores" : "both scaled to [0, 1]")"),
                Fact("α values", options.alphas.map(Format.alpha).joined(separator: ", ") + " (pages lead with α = \(Format.alpha(options.explainedAlpha)))"),
                Fact("List length", String(options.top)),
                Fact("Liked", "rating ≥ \(Format.alpha(Double(options.likedThreshold)))"),
                Fact("Candidates", options.minRatings > 0 ? "movies with ≥ \(options.minRatings) ratings the user has not rated" : "every movie the user has not rated"),
                Fact("Explanations", site.explainerLabel),
            ],
            notes: notes, cohort: cohort)
    }
}
