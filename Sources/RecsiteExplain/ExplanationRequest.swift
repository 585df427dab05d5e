/// Everything an explainer may say about one user's list: only data the user's page shows,
/// never the ratings table.
package struct ExplanationRequest: Sendable, Codable, Equatable {
    /// A movie the user rated highly (rating ≥ the "liked" threshold), best first.
    package struct LikedMovie: Sendable, Codable, Equatable {
        package var movieID: Int
        package var title: String
        package var year: Int?
        package var genres: [String]
        package var rating: Double
        package init(movieID: Int, title: String, year: Int?, genres: [String], rating: Double) {
            self.movieID = movieID; self.title = title; self.year = year; self.genres = genres; self.rating = rating
        }
    }

    /// One genre's share of the user's liked movies.
    package struct GenreShare: Sendable, Codable, Equatable {
        package var genre: String
        /// Number of liked movies carrying the genre.
        package var count: Int
        /// `count` divided by the number of liked movies (0...1).
        package var share: Double
        package init(genre: String, count: Int, share: Double) {
            self.genre = genre; self.count = count; self.share = share
        }
    }

    /// One recommended movie with the numbers behind its place in the list.
    package struct Recommendation: Sendable, Codable, Equatable {
        package var rank: Int
        package var movieID: Int
        package var title: String
        package var year: Int?
        package var genres: [String]
        /// ALS predicted rating (raw scale) — nil for a user or movie ALS has no factors for.
        package var predictedRating: Double?
        /// CF score scaled to [0, 1] across the user's candidates.
        package var cfScore: Double
        /// Content score (mean cosine to liked movies), scaled to [0, 1] across the candidates.
        package var contentScore: Double
        /// α·content + (1−α)·CF on the run's hybrid scale.
        package var hybridScore: Double
        /// Titles of the liked movies this one is most similar to (by TF-IDF cosine), closest first.
        package var closestLiked: [String]
        package init(rank: Int, movieID: Int, title: String, year: Int?, genres: [String], predictedRating: Double?,
                     cfScore: Double, contentScore: Double, hybridScore: Double, closestLiked: [String]) {
            self.rank = rank; self.movieID = movieID; self.title = title; self.year = year; self.genres = genres
            self.predictedRating = predictedRating; self.cfScore = cfScore; self.contentScore = contentScore
            self.hybridScore = hybridScore; self.closestLiked = closestLiked
        }
    }

    package var userID: Int
    /// Number of ratings the user has in the training data.
    package var ratingCount: Int
    /// The user's mean rating.
    package var meanRating: Double
    /// Up to 20 liked movies, best first.
    package var likedMovies: [LikedMovie]
    /// Genres of the liked movies, most frequent first.
    package var genreProfile: [GenreShare]
    /// The α of the hybrid list being explained.
    package var alpha: Double
    /// The hybrid list at `alpha`.
    package var recommendations: [Recommendation]
    /// One line on how the list moves across the α values ("α=0 and α=1 share 2 of 10 movies; …").
    package var alphaSummary: String
    /// A few catalog titles the explainer may suggest beyond the list (never invented ones).
    package var otherCandidates: [String]

    package init(userID: Int, ratingCount: Int, meanRating: Double, likedMovies: [LikedMovie], genreProfile: [GenreShare],
                 alpha: Double, recommendations: [Recommendation], alphaSummary: String, otherCandidates: [String]) {
        self.userID = userID; self.ratingCount = ratingCount; self.meanRating = meanRating
        self.likedMovies = likedMovies; self.genreProfile = genreProfile; self.alpha = alpha
        self.recommendations = recommendations; self.alphaSummary = alphaSummary; self.otherCandidates = otherCandidates
    }
}

/// Which explainer wrote a text, for the label every page shows.
package struct ExplanationSource: Sendable, Codable, Equatable {
    /// "ollama", "offline", …
    package var explainer: String
    /// The model name, when a model wrote it ("gemma3").
    package var model: String?
    package init(explainer: String, model: String?) { self.explainer = explainer; self.model = model }

    /// "Ollama · gemma3" or "recsite offline explainer".
    package var label: String {
        switch (explainer, model) {
        case ("offline", _): "recsite offline explainer (written from the data, no language model)"
        case let (name, model?): "\(name) · \(model)"
        case let (name, nil): name
        }
    }
}

/// An explainer's answer: Markdown text plus what the page and the build summary must say about it.
package struct Explanation: Sendable, Codable, Equatable {
    package var markdown: String
    package var source: ExplanationSource
    /// The model stopped at its token limit (`done_reason: "length"`): the text is cut short.
    package var cutShort: Bool
    /// Things the reader or operator should know, each one sentence: the liked list was shortened to
    /// fit the context, or the server read far fewer prompt tokens than were sent.
    package var warnings: [String]
    /// Prompt tokens as the server counted them (`prompt_eval_count`, `usage.prompt_tokens`), when it said.
    package var promptTokens: Int?
    /// recsite's own (deliberately high) estimate of the prompt's tokens.
    package var estimatedPromptTokens: Int?
    /// Tokens (or streamed pieces) the model generated.
    package var evalCount: Int?
    /// Wall-clock seconds the generation took, from sending the request to the last byte.
    package var durationSeconds: Double?
    /// The text came from the explanation cache; no model ran for it in this build.
    package var fromCache: Bool

    package init(markdown: String, source: ExplanationSource, cutShort: Bool = false, warnings: [String] = [],
                 promptTokens: Int? = nil, estimatedPromptTokens: Int? = nil, evalCount: Int? = nil,
                 durationSeconds: Double? = nil, fromCache: Bool = false) {
        self.markdown = markdown; self.source = source; self.cutShort = cutShort; self.warnings = warnings
        self.promptTokens = promptTokens; self.estimatedPromptTokens = estimatedPromptTokens
        self.evalCount = evalCount; self.durationSeconds = durationSeconds; self.fromCache = fromCache
    }

    enum CodingKeys: String, CodingKey {
        case markdown, source, cutShort, warnings, promptTokens, estimatedPromptTokens, evalCount, durationSeconds, fromCache
    }

    /// Reads JSON written before the optional fields existed: missing ones take their defaults.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(markdown: try c.decode(String.self, forKey: .markdown),
                  source: try c.decode(ExplanationSource.self, forKey: .source),
                  cutShort: try c.decodeIfPresent(Bool.self, forKey: .cutShort) ?? false,
                  warnings: try c.decodeIfPresent([String].self, forKey: .warnings) ?? [],
                  promptTokens: try c.decodeIfPresent(Int.self, forKey: .promptTokens),
                  estimatedPromptTokens: try c.decodeIfPresent(Int.self, forKey: .estimatedPromptTokens),
                  evalCount: try c.decodeIfPresent(Int.self, forKey: .evalCount),
                  durationSeconds: try c.decodeIfPresent(Double.self, forKey: .durationSeconds),
                  fromCache: try c.decodeIfPresent(Bool.self, forKey: .fromCache) ?? false)
    }

    /// True when the text is empty or only whitespace: a failure, never an explanation.
    package var isBlank: Bool { markdown.allSatisfy(\.isWhitespace) }
}

/// Called while an answer streams in with the number of pieces (about one token each) received so
/// far, for a progress bar. Called from the task doing the request, possibly many times a second.
package typealias TokenProgress = @Sendable (Int) -> Void

/// Writes the explanation of one user's list.
package protocol Explainer: Sendable {
    /// Who writes the texts, for page labels.
    var source: ExplanationSource { get }
    /// Explains one user's list; throws `ExplainError` when the backend fails.
    func explain(_ request: ExplanationRequest) async throws -> Explanation
    /// Explains one user's list, reporting streamed pieces to `onToken` as they arrive. Explainers
    /// that do not stream (the offline one) never call it.
    func explain(_ request: ExplanationRequest, onToken: TokenProgress?) async throws -> Explanation
}

extension Explainer {
    /// Explainers that do not stream ignore the progress callback.
    package func explain(_ request: ExplanationRequest, onToken: TokenProgress?) async throws -> Explanation {
        try await explain(request)
    }
}

/// An explainer whose answers are worth caching (a language model): it can say, for a request,
/// everything that decides the answer, so `CachedExplainer` can key the cache on it.
package protocol CacheableExplainer: Explainer {
    /// One canonical string holding the backend, the model (and its digest when known), the
    /// generation options and the full prompt exactly as it would be sent. Equal strings must mean
    /// the same request to the model; any change in the prompt or the options must change it.
    func cacheIdentity(for request: ExplanationRequest) -> String
}
