import RecsiteCore
import RecsiteExplain
import RecsitePublish

/// Turns Core's results into the plain page models the templates read, and into the
/// explainer's input (which holds only what the page shows).
package struct PageBuilder: Sendable {
    package var catalog: Catalog
    package var site: SiteInfo
    package var top: Int
    package var explainedAlpha: Double
    package var scale: HybridScale
    package var likedThreshold: Float
    /// Number of ratings of each catalog movie, shown beside every recommendation.
    package var ratingCounts: [Int]

    package init(catalog: Catalog, site: SiteInfo, top: Int, explainedAlpha: Double, scale: HybridScale,
                 likedThreshold: Float, ratingCounts: [Int]) {
        self.catalog = catalog; self.site = site; self.top = top
        self.explainedAlpha = explainedAlpha; self.scale = scale
        self.likedThreshold = likedThreshold; self.ratingCounts = ratingCounts
    }

    /// "Heat (1995)": the title with its year unless the title already ends with it.
    package func displayTitle(_ movie: Movie) -> String {
        guard let year = movie.year, !movie.title.hasSuffix("(\(year))") else { return movie.title }
        return "\(movie.title) (\(year))"
    }

    /// The file a user's page lives in, from the id only (never from data text).
    package static func userPath(_ userID: Int) -> String { "users/\(userID).html" }

    package func explainedList(_ recs: UserRecommendations) -> [RankedMovie] {
        recs.hybrid.first { $0.alpha == explainedAlpha }?.movies ?? []
    }

    package func userPage(_ profile: UserProfile, _ recs: UserRecommendations, explanation: ExplanationBlock,
                          notes: [String], previous: Int?, next: Int?) -> UserPage {
        let liked = profile.liked.prefix(Self.likedShown).map { entry -> RatedMovieRow in
            let movie = catalog[entry.movieIndex]
            return RatedMovieRow(title: movie.title, year: year(movie), genres: genreText(movie),
                                 rating: Format.fixed(Double(entry.rating), 1), anchor: ExplanationGrounder.anchor(movieID: movie.id))
        }
        let widest = profile.genres.first?.count ?? 1
        let bars = profile.genres.map { g in
            GenreBar(genre: g.genre, count: g.count,
                     share: Format.percent(Double(g.count) / Double(max(profile.liked.count, 1))),
                     width: Int((Double(g.count) / Double(max(widest, 1)) * 100).rounded()))
        }
        let alphaLabel = Format.alpha(explainedAlpha)
        let scaleNote = scale == .minMax ? "both scores scaled to [0, 1] over this user's candidates"
                                         : "raw ALS rating mixed with the raw cosine (the reference's mix)"
        // Each movie's first row on the page gets its anchor: hybrid, then CF, then content, then the α table.
        var anchored = Set<Int>()
        let lists = [
            RankedList(id: "hybrid", heading: "Hybrid at α = \(alphaLabel)", scoreLabel: "Score",
                       note: "α·content + (1−α)·CF, \(scaleNote).",
                       entries: entries(explainedList(recs), anchored: &anchored, score: { Double($0.score) }) { m in
                           "CF \(number(m.cfScore)) · content \(number(m.contentScore)) · \(ratings(m))"
                       }),
            RankedList(id: "cf", heading: "Collaborative filtering (ALS)", scoreLabel: "Predicted",
                       note: recs.cf == .available ? "Predicted rating from ALS." : "ALS has no factors for this user.",
                       entries: entries(recs.cfTop, anchored: &anchored, score: { Double($0.predictedRating ?? 0) }) { ratings($0) }),
            RankedList(id: "content", heading: "Content similarity (TF-IDF)", scoreLabel: "Similarity",
                       note: contentNote(recs),
                       entries: entries(recs.contentTop, anchored: &anchored, score: { Double($0.contentScore ?? 0) }) { ratings($0) }),
        ]
        return UserPage(
            site: site, userID: profile.userID,
            facts: [
                Fact("Ratings", Format.count(profile.ratingCount)),
                Fact("Mean rating", Format.fixed(profile.meanRating, 2)),
                Fact("Liked movies (rated ≥ \(Format.alpha(Double(likedThreshold))))",
                     profile.likedFallbackRating == nil ? Format.count(profile.liked.count) : "none"),
            ],
            notes: notes, liked: Array(liked), likedTotal: profile.liked.count, genreProfile: bars, explainedAlpha: alphaLabel,
            lists: lists, alphaTable: alphaTable(recs, anchored: anchored), explanation: explanation,
            previous: previous.map { PageLink(href: "\($0).html", label: "User \($0)") },
            next: next.map { PageLink(href: "\($0).html", label: "User \($0)") })
    }

    /// Each movie in any hybrid list, its rank under every α, and each list's overlap with the pure lists.
    /// A row whose movie has no row in the lists above (`anchored`) carries the movie's anchor.
    package func alphaTable(_ recs: UserRecommendations, anchored: Set<Int> = []) -> AlphaTable {
        let labels = recs.hybrid.map { "α \(Format.alpha($0.alpha))" }
        let rows = ListOverlap.rankTable(recs.hybrid).map { row in
            AlphaTable.Row(title: displayTitle(catalog[row.movieIndex]), cells: row.ranks.enumerated().map { i, rank in
                var cell = AlphaTable.Cell(text: rank.map(String.init) ?? "–", inList: rank != nil)
                // How the movie moved since the previous α column.
                if i > 0, let rank {
                    let from = labels[i - 1]
                    if let previous = row.ranks[i - 1] {
                        if rank < previous {
                            cell.move = AlphaTable.Move(symbol: "↑\(previous - rank)", direction: "up",
                                                        label: "up \(Format.plural(previous - rank, "place")) from \(from)")
                        } else if rank > previous {
                            cell.move = AlphaTable.Move(symbol: "↓\(rank - previous)", direction: "down",
                                                        label: "down \(Format.plural(rank - previous, "place")) from \(from)")
                        }
                    } else {
                        cell.move = AlphaTable.Move(symbol: "new", direction: "new", label: "not in the list at \(from)")
                    }
                }
                return cell
            }, anchor: anchored.contains(row.movieIndex) ? nil : ExplanationGrounder.anchor(movieID: catalog[row.movieIndex].id))
        }
        func overlap(with alpha: Double) -> [AlphaTable.Cell] {
            let reference = recs.hybrid.first { $0.alpha == alpha }.map { Set($0.movies.map(\.movieIndex)) }
            return recs.hybrid.map { list in
                guard let reference else { return AlphaTable.Cell(text: "–", inList: false) }
                let shared = reference.intersection(list.movies.map(\.movieIndex)).count
                return AlphaTable.Cell(text: "\(shared)/\(list.movies.count)", inList: false)
            }
        }
        return AlphaTable(columns: labels.map { .init(label: $0) }, rows: rows,
                          overlapWithCF: overlap(with: 0), overlapWithContent: overlap(with: 1))
    }

    /// How many liked movies the page's table (and the prompt) shows.
    package static let likedShown = 20

    /// What the user's page shows, for grounding the explanation: every movie of the three lists and
    /// of every α's hybrid list (the α table shows them all), the user's ratings, and which movies
    /// have a row to link to (the lists, the α table and the liked table all do).
    package func groundingContext(_ profile: UserProfile, _ recs: UserRecommendations) -> GroundingContext {
        var lists = Set(recs.cfTop.map(\.movieIndex) + recs.contentTop.map(\.movieIndex))
        for list in recs.hybrid { lists.formUnion(list.movies.map(\.movieIndex)) }
        let liked = profile.liked.prefix(Self.likedShown).map(\.movieIndex)
        return GroundingContext(listMovies: lists, historyMovies: Set(profile.rated), anchoredMovies: lists.union(liked))
    }

    /// The explainer's input: only what the page shows.
    package func explanationRequest(_ profile: UserProfile, _ recs: UserRecommendations,
                                    content: ContentModel) -> ExplanationRequest {
        let liked = profile.liked.prefix(20).map { entry in
            let movie = catalog[entry.movieIndex]
            return ExplanationRequest.LikedMovie(movieID: movie.id, title: movie.title, year: movie.year,
                                                 genres: movie.genres, rating: Double(entry.rating))
        }
        let likedIndices = profile.liked.map(\.movieIndex)
        let list = explainedList(recs)
        let recommendations = list.enumerated().map { offset, m in
            let movie = catalog[m.movieIndex]
            // With their years, as the page shows them, so two films of one title ("Sabrina" 1954 and
            // 1995) stay apart in the text and in its grounding.
            let closest = content.nearestLiked(item: m.movieIndex, liked: likedIndices, count: 2)
                .filter { $0.similarity > 0 }.map { displayTitle(catalog[$0.item]) }
            return ExplanationRequest.Recommendation(
                rank: offset + 1, movieID: movie.id, title: movie.title, year: movie.year, genres: movie.genres,
                predictedRating: m.predictedRating.map(Double.init), cfScore: Double(m.cfScore ?? 0),
                contentScore: Double(m.contentScore ?? 0), hybridScore: Double(m.score), closestLiked: closest)
        }
        // Other suggestions come only from titles the page already shows: the CF and content lists.
        let shown = Set(list.map(\.movieIndex))
        var candidates: [String] = []
        for m in recs.cfTop + recs.contentTop where !shown.contains(m.movieIndex) {
            let title = displayTitle(catalog[m.movieIndex])
            if !candidates.contains(title) { candidates.append(title) }
        }
        let likedCount = max(profile.liked.count, 1)
        return ExplanationRequest(
            userID: profile.userID, ratingCount: profile.ratingCount, meanRating: profile.meanRating,
            likedMovies: Array(liked),
            genreProfile: profile.genres.prefix(8).map {
                .init(genre: $0.genre, count: $0.count, share: Double($0.count) / Double(likedCount))
            },
            alpha: explainedAlpha, recommendations: recommendations, alphaSummary: alphaSummary(recs),
            otherCandidates: Array(candidates.prefix(8)))
    }

    /// How the list moves across α, in one sentence.
    package func alphaSummary(_ recs: UserRecommendations) -> String {
        func set(_ alpha: Double) -> Set<Int>? {
            recs.hybrid.first { $0.alpha == alpha }.map { Set($0.movies.map(\.movieIndex)) }
        }
        guard let cf = set(0), let content = set(1) else {
            return "Lists were computed for α = \(recs.hybrid.map { Format.alpha($0.alpha) }.joined(separator: ", "))."
        }
        switch recs.basis {
        case .blend: break
        case .cfOnly: return "Every α gives the same list, the CF list: without a content profile there is nothing to blend."
        case .contentOnly: return "Every α gives the same list, the content list: ALS has no factors for this user."
        case .popularity: return "Every α gives the same list, the most-rated movies: neither model can score this user."
        }
        guard !cf.isEmpty || !content.isEmpty else { return "No list has a movie to recommend: every candidate was filtered out." }
        let chosen = Set(explainedList(recs).map(\.movieIndex))
        return "The pure-CF (α = 0) and pure-content (α = 1) lists share \(cf.intersection(content).count) of "
            + "\(max(cf.count, content.count)) movies; "
            + "at α = \(Format.alpha(explainedAlpha)), \(chosen.intersection(cf).count) of its \(chosen.count) movies are also in the CF list "
            + "and \(chosen.intersection(content).count) in the content list."
    }

    private func contentNote(_ recs: UserRecommendations) -> String {
        let profile = recs.profileRating.map { "this user's highest-rated movies (rated \(Format.alpha(Double($0))))" } ?? "the liked movies"
        switch recs.content {
        case .available: return "Mean cosine to \(profile)" + (scale == .minMax ? ", scaled to [0, 1] over this user's candidates." : ".")
        case .noLikedMovies: return "This user has rated nothing, so there is no content profile."
        case .noContentSignal: return "The titles and genres of \(profile) have no words to compare."
        }
    }

    private func entries(_ list: [RankedMovie], anchored: inout Set<Int>, score: (RankedMovie) -> Double,
                         detail: (RankedMovie) -> String) -> [ListEntry] {
        var rows: [ListEntry] = []
        for (offset, m) in list.enumerated() {
            let movie = catalog[m.movieIndex]
            let value = score(m)
            let anchor = anchored.insert(m.movieIndex).inserted ? ExplanationGrounder.anchor(movieID: movie.id) : nil
            rows.append(ListEntry(rank: offset + 1, title: movie.title, year: year(movie), genres: genreText(movie),
                                  score: Format.fixed(value, abs(value) >= 10 ? 1 : 2), detail: detail(m), anchor: anchor))
        }
        return rows
    }

    private func ratings(_ m: RankedMovie) -> String {
        let n = m.movieIndex < ratingCounts.count ? ratingCounts[m.movieIndex] : 0
        return Format.plural(n, "rating")
    }

    private func number(_ value: Float?) -> String { value.map { Format.fixed(Double($0), 2) } ?? "–" }

    /// The year only when the title does not already end with it ("Heat (1995)").
    private func year(_ movie: Movie) -> String {
        guard let year = movie.year, !movie.title.hasSuffix("(\(year))") else { return "" }
        return String(year)
    }

    private func genreText(_ movie: Movie) -> String { movie.genres.joined(separator: ", ") }
}
