import Foundation

/// Builds the compact, grounded prompt for one user's list: only the numbers the user's page shows
/// (never the ratings table, which overflowed the reference notebook's context), the reference's
/// four questions, and the rule to mention only titles from the lists given.
package enum PromptBuilder {
    /// At most this many liked movies go into a prompt, best first.
    package static let maxLikedMovies = 20
    /// At most this many candidate titles are offered for "other suggestions".
    package static let maxCandidates = 15

    /// The four section headings, in the order the answer must use them.
    package static let headings = ["Your taste", "How α weighs the two signals", "Why these movies", "Other suggestions"]

    /// The system message: role, grounding rules and output format.
    package static let systemPrompt = """
        You explain a movie recommender's list to one of its users. Use only the data in the user's \
        message: never invent movies, years, people, plots or numbers, and mention only titles that \
        appear in the lists given. Answer in Markdown with one `##` heading per question, in this \
        order: \(headings.map { "## \($0)" }.joined(separator: ", ")). Use short paragraphs and `-` \
        bullets; no HTML, no tables, no links, no images. Stay under 400 words.
        """

    /// The reference notebook's four questions, asked about this list; `alpha` is the list's α.
    package static func questions(alpha: Double) -> [String] {
        let a = DecimalFormat.fixed(alpha, 2)
        return [
            "\(headings[0]): what kinds of movies does this user like? Refer to the liked movies and the genre profile.",
            "\(headings[1]): at α = \(a), how much do collaborative filtering and content similarity each shape this list?",
            "\(headings[2]): why might each recommended movie suit this user? Refer to its CF and content scores "
                + "and to the liked movies it is closest to.",
            "\(headings[3]): which other movies might this user enjoy? Choose only from the candidates above.",
        ]
    }

    /// The system and user messages for `request`.
    package static func build(_ request: ExplanationRequest) -> (system: String, user: String) {
        var lines: [String] = []
        lines.append("User \(request.userID) has \(request.ratingCount) ratings (mean \(DecimalFormat.fixed(request.meanRating, 2))).")
        lines.append("")
        let liked = request.likedMovies.prefix(maxLikedMovies)
        lines.append("Liked movies (best first; title | genres | rating):")
        if liked.isEmpty { lines.append("- (none)") }
        for movie in liked {
            lines.append("- \(clean(displayTitle(movie.title, year: movie.year))) | \(genreList(movie.genres)) | "
                + DecimalFormat.fixed(movie.rating, 1))
        }
        lines.append("")
        let profile = request.genreProfile.map { "\(clean($0.genre)) \(DecimalFormat.percent($0.share)) (\($0.count))" }
        lines.append("Genre profile of the liked movies: " + (profile.isEmpty ? "(none)" : profile.joined(separator: ", ")))
        lines.append("")
        lines.append("Recommended list at α = \(DecimalFormat.fixed(request.alpha, 2)) "
            + "(hybrid = α × content + (1 − α) × CF; CF and content scores scaled to 0–1):")
        if request.recommendations.isEmpty { lines.append("(empty)") }
        for item in request.recommendations {
            var fields = [
                "\(item.rank). \(clean(displayTitle(item.title, year: item.year)))", genreList(item.genres),
                "CF \(DecimalFormat.fixed(item.cfScore, 2))", "content \(DecimalFormat.fixed(item.contentScore, 2))",
                "hybrid \(DecimalFormat.fixed(item.hybridScore, 2))",
            ]
            if let predicted = item.predictedRating { fields.append("predicted rating \(DecimalFormat.fixed(predicted, 1))") }
            if !item.closestLiked.isEmpty {
                fields.append("closest liked: " + item.closestLiked.prefix(3).map(clean).joined(separator: "; "))
            }
            lines.append(fields.joined(separator: " | "))
        }
        lines.append("")
        lines.append(alphaMeaning(request.alpha))
        let summary = clean(request.alphaSummary)
        if !summary.isEmpty { lines.append("Across α values: \(summary)") }
        lines.append("")
        let candidates = request.otherCandidates.prefix(maxCandidates).map(clean)
        lines.append("Candidates for other suggestions (suggest only from these): "
            + (candidates.isEmpty ? "(none: say there are no other suggestions)" : candidates.joined(separator: "; ")))
        lines.append("")
        lines.append("Answer these four questions, one `##` section each:")
        for (index, question) in questions(alpha: request.alpha).enumerated() {
            lines.append("\(index + 1). \(question)")
        }
        return (systemPrompt, lines.joined(separator: "\n"))
    }

    /// What α means for this list, in one sentence.
    package static func alphaMeaning(_ alpha: Double) -> String {
        let a = DecimalFormat.fixed(alpha, 2)
        let rest = DecimalFormat.fixed(1 - alpha, 2)
        let signals = "content similarity (genres and title words shared with the liked movies) and "
            + "collaborative filtering, CF (what users who rate like this one rated highly)"
        if alpha <= 0.000_5 { return "α = 0: the list is pure CF; content similarity has no weight. The two signals: \(signals)." }
        if alpha >= 0.999_5 { return "α = 1: the list is pure content similarity; CF has no weight. The two signals: \(signals)." }
        return "α = \(a) means weight \(a) on content similarity and \(rest) on CF. The two signals: \(signals)."
    }

    /// A deliberately high token count, for sizing `num_ctx` (too low means silent truncation).
    ///
    /// Plain "characters / 3.5" undercounts Gemma 3's tokenizer on these prompts: measured on the
    /// real one, a 20-liked / 10-recommended prompt of 4,299 characters is 1,595 tokens (c/3.5 says
    /// 1,229), because every digit and most non-ASCII characters (α, ×, accents, CJK) are a token
    /// each. So: digits and non-ASCII scalars count 1, other ASCII 1/3, plus 10%, rounded up.
    package static func estimateTokens(_ text: String) -> Int {
        var single = 0
        var other = 0
        for scalar in text.unicodeScalars {
            if !scalar.isASCII || ("0"..."9").contains(scalar) { single += 1 } else { other += 1 }
        }
        return Int(((Double(single) + Double(other) / 3) * 1.1).rounded(.up))
    }

    /// "Heat (1995)": the title with its year, unless the title already ends with it.
    package static func displayTitle(_ title: String, year: Int?) -> String {
        guard let year, !title.hasSuffix("(\(year))") else { return title }
        return "\(title) (\(year))"
    }

    private static func genreList(_ genres: [String]) -> String {
        genres.isEmpty ? "no genres" : genres.map(clean).joined(separator: ", ")
    }

    /// Data on one line: control characters (newlines included) become spaces, so a title cannot
    /// start a new instruction line.
    static func clean(_ text: String) -> String {
        let scalars = text.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : Character($0) }
        return String(scalars).trimmingCharacters(in: .whitespaces)
    }
}
