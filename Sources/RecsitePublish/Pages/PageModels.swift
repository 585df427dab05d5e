/// Page models: plain data the templates read. Built by the CLI from Core's results;
/// every string here is text (templates escape it) unless its name ends in `HTML`.

/// What every page shows in its header and footer.
package struct SiteInfo: Sendable, Codable, Equatable {
    package var title: String
    package var datasetName: String
    package var datasetDescription: String
    /// How to cite the data set (REFERENCE.md §4): every page is a transformation of it.
    package var citation: String
    package var licence: String
    /// Shown when the data set's licence forbids redistribution without permission.
    package var licenceWarning: String?
    package var generator: String
    /// From SOURCE_DATE_EPOCH when set, so identical inputs give identical bytes.
    package var buildTime: String?
    package var explainerLabel: String

    package init(title: String, datasetName: String, datasetDescription: String, citation: String, licence: String,
                 licenceWarning: String?, generator: String, buildTime: String?, explainerLabel: String) {
        self.title = title; self.datasetName = datasetName; self.datasetDescription = datasetDescription
        self.citation = citation; self.licence = licence; self.licenceWarning = licenceWarning
        self.generator = generator; self.buildTime = buildTime; self.explainerLabel = explainerLabel
    }
}

/// A label and a value, for summary tables.
package struct Fact: Sendable, Codable, Equatable {
    package var label: String
    package var value: String
    package init(_ label: String, _ value: String) { self.label = label; self.value = value }
}

/// One row of the index's cohort table.
package struct CohortRow: Sendable, Codable, Equatable {
    package var userID: Int
    package var href: String
    package var ratingCount: Int
    package var likedCount: Int
    package var topGenres: String
    package var firstPick: String
    package var explanationStatus: String
    /// The user is not in the saved ALS model and was folded in from `--new-ratings`.
    package var foldedIn: Bool
    /// The titles the user's explanation names, by kind: "5 list · 2 rated · 1 outside · 0 unverified".
    package var grounding: String
    package init(userID: Int, href: String, ratingCount: Int, likedCount: Int, topGenres: String, firstPick: String,
                 explanationStatus: String, foldedIn: Bool = false, grounding: String = "") {
        self.userID = userID; self.href = href; self.ratingCount = ratingCount; self.likedCount = likedCount
        self.topGenres = topGenres; self.firstPick = firstPick; self.explanationStatus = explanationStatus
        self.foldedIn = foldedIn; self.grounding = grounding
    }
}

/// The index's evaluation section: how good each kind of list is on held-out ratings.
package struct EvaluationSection: Sendable, Codable, Equatable {
    /// A metric column: the short header and what it means (an `abbr` title).
    package struct Column: Sendable, Codable, Equatable {
        package var label: String
        package var meaning: String
        package init(label: String, meaning: String) { self.label = label; self.meaning = meaning }
    }
    package struct Cell: Sendable, Codable, Equatable {
        package var text: String
        /// The best value of its column (ties: every tied row).
        package var best: Bool
        package init(text: String, best: Bool) { self.text = text; self.best = best }
    }
    package struct Row: Sendable, Codable, Equatable {
        package var name: String
        package var cells: [Cell]
        package init(name: String, cells: [Cell]) { self.name = name; self.cells = cells }
    }
    /// How the figures were obtained (split, k, relevance, users).
    package var method: String
    /// The headline comparison ("On NDCG@10 the best list is …").
    package var headline: String
    package var ratingFacts: [Fact]
    package var columns: [Column]
    package var rows: [Row]
    /// The ranking metrics against α, drawn by `SVGChart` (our own markup, escaped inside): inserted raw.
    package var chartSVG: String
    /// The chart's content in words, for readers who cannot see it.
    package var chartSummary: String
    package init(method: String, headline: String, ratingFacts: [Fact], columns: [Column], rows: [Row],
                 chartSVG: String, chartSummary: String) {
        self.method = method; self.headline = headline; self.ratingFacts = ratingFacts; self.columns = columns
        self.rows = rows; self.chartSVG = chartSVG; self.chartSummary = chartSummary
    }
}

/// The index page.
package struct IndexPage: Sendable, Codable, Equatable {
    package var site: SiteInfo
    package var root: String = ""
    package var dataFacts: [Fact]
    package var cleaningFacts: [Fact]
    package var modelFacts: [Fact]
    package var notes: [String]
    package var hasNotes: Bool
    package var cohort: [CohortRow]
    package var cohortSize: Int
    /// Nil when the build ran with --no-eval (the index then says so).
    package var evaluation: EvaluationSection?
    /// One sentence with the cohort's grounding totals, shown above the cohort table ("" hides it).
    package var groundingSummary = ""
    package var pageTitle = "Recommendation report"
    package init(site: SiteInfo, dataFacts: [Fact], cleaningFacts: [Fact], modelFacts: [Fact], notes: [String], cohort: [CohortRow],
                 evaluation: EvaluationSection? = nil) {
        self.site = site; self.dataFacts = dataFacts; self.cleaningFacts = cleaningFacts
        self.modelFacts = modelFacts; self.notes = notes; self.hasNotes = !notes.isEmpty
        self.cohort = cohort; self.cohortSize = cohort.count; self.evaluation = evaluation
    }
}

/// A movie the user rated, for the "liked movies" table.
package struct RatedMovieRow: Sendable, Codable, Equatable {
    package var title: String
    package var year: String
    package var genres: String
    package var rating: String
    /// The row's `id` (`m-<movieId>`), which the explanation's mentions of the movie link to.
    package var anchor: String?
    package init(title: String, year: String, genres: String, rating: String, anchor: String? = nil) {
        self.title = title; self.year = year; self.genres = genres; self.rating = rating; self.anchor = anchor
    }
}

/// One genre bar of the profile.
package struct GenreBar: Sendable, Codable, Equatable {
    package var genre: String
    package var count: Int
    /// "42%" of liked movies.
    package var share: String
    /// Bar width in percent of the widest bar, 0–100.
    package var width: Int
    package init(genre: String, count: Int, share: String, width: Int) {
        self.genre = genre; self.count = count; self.share = share; self.width = width
    }
}

/// One entry of a ranked list.
package struct ListEntry: Sendable, Codable, Equatable {
    package var rank: Int
    package var title: String
    package var year: String
    package var genres: String
    /// The score the list is ordered by, formatted.
    package var score: String
    /// Extra figures for the hybrid list ("CF 0.91 · content 0.42").
    package var detail: String
    /// The row's `id` (`m-<movieId>`) on the movie's first row of the page (hybrid list first, then
    /// CF, then content), so ids stay unique; nil on its later rows.
    package var anchor: String?
    package init(rank: Int, title: String, year: String, genres: String, score: String, detail: String, anchor: String? = nil) {
        self.rank = rank; self.title = title; self.year = year; self.genres = genres; self.score = score; self.detail = detail
        self.anchor = anchor
    }
}

/// A ranked list with its heading and what its score means.
package struct RankedList: Sendable, Codable, Equatable {
    package var id: String
    package var heading: String
    package var scoreLabel: String
    package var note: String?
    package var entries: [ListEntry]
    package var isEmpty: Bool
    package init(id: String, heading: String, scoreLabel: String, note: String?, entries: [ListEntry]) {
        self.id = id; self.heading = heading; self.scoreLabel = scoreLabel; self.note = note
        self.entries = entries; self.isEmpty = entries.isEmpty
    }
}

/// The α comparison: each movie recommended under any α, its rank under every α.
package struct AlphaTable: Sendable, Codable, Equatable {
    package struct Column: Sendable, Codable, Equatable {
        package var label: String
        package init(label: String) { self.label = label }
    }
    /// A rank change against the previous α column: "↑2", "↓1" or "new", with words for screen readers.
    package struct Move: Sendable, Codable, Equatable {
        package var symbol: String
        /// "up", "down" or "new" (a CSS class).
        package var direction: String
        package var label: String
        package init(symbol: String, direction: String, label: String) {
            self.symbol = symbol; self.direction = direction; self.label = label
        }
    }
    package struct Cell: Sendable, Codable, Equatable {
        package var text: String
        package var inList: Bool
        package var move: Move?
        package init(text: String, inList: Bool, move: Move? = nil) { self.text = text; self.inList = inList; self.move = move }
    }
    package struct Row: Sendable, Codable, Equatable {
        package var title: String
        package var cells: [Cell]
        /// `m-<movieId>` when no list above has a row for the movie, so explanations can link here.
        package var anchor: String?
        package init(title: String, cells: [Cell], anchor: String? = nil) {
            self.title = title; self.cells = cells; self.anchor = anchor
        }
    }
    package var columns: [Column]
    package var rows: [Row]
    /// Overlap of each α list with the α=0 (pure CF) and α=1 (pure content) lists.
    package var overlapWithCF: [Cell]
    package var overlapWithContent: [Cell]
    package init(columns: [Column], rows: [Row], overlapWithCF: [Cell], overlapWithContent: [Cell]) {
        self.columns = columns; self.rows = rows; self.overlapWithCF = overlapWithCF; self.overlapWithContent = overlapWithContent
    }
}

/// One count of the titles an explanation names, shown as a badge beside it.
package struct GroundingBadge: Sendable, Codable, Equatable {
    /// `list`, `history`, `outside` or `unverified`: the badge's class is `badge-<kind>`.
    package var kind: String
    package var count: Int
    /// "3 in the lists", "1 unverified".
    package var label: String
    /// What the count means, for the badge's `title`.
    package var help: String
    package init(kind: String, count: Int, label: String, help: String) {
        self.kind = kind; self.count = count; self.label = label; self.help = help
    }
}

/// The explanation block of a user page.
package struct ExplanationBlock: Sendable, Codable, Equatable {
    /// Rendered by MarkdownRenderer (safe mode); the only raw HTML a template inserts.
    package var bodyHTML: String
    package var sourceLabel: String
    /// "offline" or "ollama · gemma3", for tables.
    package var shortSource: String
    package var cutShort: Bool
    /// Set when the explainer failed for this user; the page says so instead of showing text.
    package var failure: String?
    /// The titles the text names, by kind (lists, history, outside, unverified), always all four;
    /// empty when there is no text.
    package var grounding: [GroundingBadge]
    package var hasGrounding: Bool
    package init(bodyHTML: String, sourceLabel: String, shortSource: String, cutShort: Bool, failure: String?,
                 grounding: [GroundingBadge] = []) {
        self.bodyHTML = bodyHTML; self.sourceLabel = sourceLabel; self.shortSource = shortSource
        self.cutShort = cutShort; self.failure = failure; self.grounding = grounding; self.hasGrounding = !grounding.isEmpty
    }
}

/// A link to a neighbouring page.
package struct PageLink: Sendable, Codable, Equatable {
    package var href: String
    package var label: String
    package init(href: String, label: String) { self.href = href; self.label = label }
}

/// One user's page.
package struct UserPage: Sendable, Codable, Equatable {
    package var site: SiteInfo
    package var root: String = "../"
    package var userID: Int
    package var facts: [Fact]
    package var notes: [String]
    package var liked: [RatedMovieRow]
    package var genreProfile: [GenreBar]
    package var explainedAlpha: String
    package var lists: [RankedList]
    package var alphaTable: AlphaTable
    package var explanation: ExplanationBlock
    package var previous: PageLink?
    package var next: PageLink?
    package var hasNotes: Bool
    package var hasLiked: Bool
    package var hasGenreProfile: Bool
    /// The genre profile drawn by `SVGChart` (our own markup, escaped inside): inserted raw.
    package var genreChartSVG: String
    /// "Showing 20 of 145." when the liked table is cut, else nil.
    package var likedNote: String?
    package var pageTitle: String
    package init(site: SiteInfo, userID: Int, facts: [Fact], notes: [String], liked: [RatedMovieRow], likedTotal: Int, genreProfile: [GenreBar],
                 explainedAlpha: String, lists: [RankedList], alphaTable: AlphaTable, explanation: ExplanationBlock,
                 previous: PageLink?, next: PageLink?) {
        self.site = site; self.userID = userID; self.facts = facts; self.notes = notes; self.liked = liked
        self.genreProfile = genreProfile; self.explainedAlpha = explainedAlpha; self.lists = lists
        self.alphaTable = alphaTable; self.explanation = explanation; self.previous = previous; self.next = next
        self.hasNotes = !notes.isEmpty; self.hasLiked = !liked.isEmpty; self.hasGenreProfile = !genreProfile.isEmpty
        self.genreChartSVG = genreProfile.isEmpty ? "" : SVGChart.bars(
            genreProfile.prefix(12).map { SVGChart.Bar(label: $0.genre, value: Double($0.count), valueLabel: "\($0.share) (\($0.count))") },
            title: "Genre profile of user \(userID)",
            description: "Share of the user's liked movies in each genre: "
                + genreProfile.prefix(12).map { "\($0.genre) \($0.share)" }.joined(separator: ", ") + ".",
            id: "genres-\(userID)")
        self.likedNote = likedTotal > liked.count ? "Showing the \(liked.count) best-rated of \(likedTotal) liked movies." : nil
        self.pageTitle = "User \(userID)"
    }
}

/// The 404 page a static host serves for unknown paths.
package struct NotFoundPage: Sendable, Codable, Equatable {
    package var site: SiteInfo
    /// The site's base URL when one was given (404 pages are served at any depth), else "".
    package var root: String
    package var pageTitle = "Page not found"
    package init(site: SiteInfo, root: String) { self.site = site; self.root = root }
}
