import Foundation

/// Writes the explanation from the request's numbers alone, with no language model: the same four
/// sections the model is asked for, different for every user, byte-identical for the same input.
/// Every title and genre is Markdown-escaped, since it is data.
package struct OfflineExplainer: Explainer {
    /// How many favourite titles "Your taste" names.
    package static let favouriteCount = 3
    /// How many of the profile's genres "Your taste" names.
    package static let genreCount = 3
    /// How many candidates "Other suggestions" lists.
    package static let suggestionCount = 5

    package init() {}

    package var source: ExplanationSource { ExplanationSource(explainer: "offline", model: nil) }

    package func explain(_ request: ExplanationRequest) async throws -> Explanation {
        Explanation(markdown: markdown(for: request), source: source, cutShort: false)
    }

    /// The whole explanation, ending with one newline.
    package func markdown(for request: ExplanationRequest) -> String {
        let sections = [
            ("Your taste", taste(request)),
            ("How α weighs the two signals", weighting(request)),
            ("Why these movies", reasons(request)),
            ("Other suggestions", suggestions(request)),
        ]
        return sections.map { "## \($0.0)\n\n\($0.1)" }.joined(separator: "\n\n") + "\n"
    }

    // MARK: - Sections

    private func taste(_ request: ExplanationRequest) -> String {
        var sentences = ["User \(request.userID) has \(count(request.ratingCount, "rating")) with a mean of "
            + "\(DecimalFormat.fixed(request.meanRating, 2))."]
        let liked = request.likedMovies
        guard !liked.isEmpty else {
            sentences.append("None of them is rated highly enough to count as liked, so there is no taste profile yet.")
            return sentences.joined(separator: " ")
        }
        let genres = request.genreProfile.prefix(Self.genreCount).map {
            "\(MarkdownEscaping.escape($0.genre)) (\(DecimalFormat.percent($0.share)), \(count($0.count, "movie")))"
        }
        var likedSentence = "\(count(liked.count, "liked movie")) shape this profile"
        likedSentence += genres.isEmpty ? "." : "; their most common genres are \(sentenceList(genres))."
        sentences.append(likedSentence)
        let favourites = liked.prefix(Self.favouriteCount).map {
            "\(title($0.title, $0.year)) (\(DecimalFormat.fixed($0.rating, 1)))"
        }
        sentences.append("Favourites include \(sentenceList(favourites)).")
        return sentences.joined(separator: " ")
    }

    private func weighting(_ request: ExplanationRequest) -> String {
        let alpha = request.alpha
        var text = "At α = \(DecimalFormat.fixed(alpha, 2)) each movie's score is \(DecimalFormat.fixed(alpha, 2)) × "
            + "content similarity + \(DecimalFormat.fixed(1 - alpha, 2)) × collaborative filtering (CF)."
        let items = request.recommendations
        let cfTotal = items.reduce(0) { $0 + (1 - alpha) * $1.cfScore }
        let contentTotal = items.reduce(0) { $0 + alpha * $1.contentScore }
        if items.isEmpty {
            text += " There are no recommendations to weigh."
        } else if cfTotal + contentTotal <= 0 {
            text += " Both weighted signals are zero for this list, so its order carries no preference."
        } else {
            let cfShare = cfTotal / (cfTotal + contentTotal)
            text += " Averaged over the \(count(items.count, "recommendation")), CF contributed "
                + "\(DecimalFormat.percent(cfShare)) of the score and content similarity "
                + "\(DecimalFormat.percent(1 - cfShare))"
            if cfShare >= 0.6 {
                text += ", so the list leans on what users with similar ratings liked."
            } else if cfShare <= 0.4 {
                text += ", so the list leans on likeness to the liked movies."
            } else {
                text += ", so both signals count about equally."
            }
        }
        let summary = request.alphaSummary.trimmingCharacters(in: .whitespacesAndNewlines)
        if !summary.isEmpty { text += "\n\n" + MarkdownEscaping.escape(summary) }
        return text
    }

    private func reasons(_ request: ExplanationRequest) -> String {
        guard !request.recommendations.isEmpty else { return "There are no recommendations for this user." }
        let profile = Set(request.genreProfile.map(\.genre))
        return request.recommendations.map { item in
            var parts: [String] = []
            if !item.closestLiked.isEmpty {
                parts.append("closest to \(sentenceList(item.closestLiked.prefix(2).map(MarkdownEscaping.escape)))")
            }
            let shared = item.genres.filter(profile.contains).map(MarkdownEscaping.escape)
            parts.append(shared.isEmpty ? "shares no genre with the liked movies"
                                        : "shares \(sentenceList(shared)) with the liked movies")
            parts.append(driver(item, alpha: request.alpha))
            if let predicted = item.predictedRating {
                parts.append("predicted rating \(DecimalFormat.fixed(predicted, 1))")
            }
            return "- **\(title(item.title, item.year))**: " + parts.joined(separator: "; ") + "."
        }.joined(separator: "\n")
    }

    /// Which weighted signal put the movie in the list.
    private func driver(_ item: ExplanationRequest.Recommendation, alpha: Double) -> String {
        let cf = (1 - alpha) * item.cfScore
        let content = alpha * item.contentScore
        let raw = "(CF \(DecimalFormat.fixed(item.cfScore, 2)), content \(DecimalFormat.fixed(item.contentScore, 2)))"
        let (cfText, contentText) = (DecimalFormat.fixed(cf, 2), DecimalFormat.fixed(content, 2))
        if cfText == contentText { return "CF and content weigh the same, \(cfText) each \(raw)" }
        return cf > content
            ? "driven by CF, \(cfText) against \(contentText) for content \(raw)"
            : "driven by content, \(contentText) against \(cfText) for CF \(raw)"
    }

    private func suggestions(_ request: ExplanationRequest) -> String {
        let candidates = request.otherCandidates.prefix(Self.suggestionCount)
        guard !candidates.isEmpty else { return "No other candidates were offered for this user." }
        return "Beyond this list, these titles from the catalogue may also suit user \(request.userID):\n\n"
            + candidates.map { "- \(MarkdownEscaping.escape($0))" }.joined(separator: "\n")
    }

    // MARK: - Words

    private func title(_ title: String, _ year: Int?) -> String {
        MarkdownEscaping.escape(PromptBuilder.displayTitle(title, year: year))
    }

    /// "1 movie", "3 movies".
    private func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }

    /// "A", "A and B", "A, B and C".
    private func sentenceList(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
}
