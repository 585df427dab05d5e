import Foundation

/// Builds the compact, grounded prompt for one user's list: only the numbers the user's page shows
/// (never the ratings table, which overflowed the reference notebook's context), the reference's
/// four questions, and the rule to mention only titles from the lists given.
///
/// The wording comes from a `PromptTemplate` (`templates/prompt/explanation.txt`, or the built-in
/// copy); this type turns a request into the template's placeholder values.
package struct PromptBuilder: Sendable, Equatable {
    /// At most this many liked movies go into a prompt, best first.
    package static let maxLikedMovies = 20
    /// At most this many candidate titles are offered for "other suggestions".
    package static let maxCandidates = 15

    /// The four section headings, in the order the answer must use them.
    package static let headings = ["Your taste", "How α weighs the two signals", "Why these movies", "Other suggestions"]

    /// The system message of the built-in template: role, grounding rules and output format.
    package static let systemPrompt = PromptTemplate.builtIn.render(.system, values: ["headings": headingList])

    /// "## Your taste, ## How α weighs the two signals, …".
    static var headingList: String { headings.map { "## \($0)" }.joined(separator: ", ") }

    /// The template the messages are written from.
    package let template: PromptTemplate

    /// A builder with the built-in template.
    package init() { template = .builtIn }

    /// A builder with the template `text` (the contents of a prompt file); `origin` names it in errors.
    package init(template text: String, origin: String = "the prompt template") throws(PromptTemplateError) {
        template = try PromptTemplate(parsing: text, origin: origin)
    }

    /// A builder with `<templatesDirectory>/prompt/explanation.txt` when that file exists, else the
    /// built-in template (also when `templatesDirectory` is nil).
    package init(templatesDirectory: URL?) throws(PromptTemplateError) {
        if let templatesDirectory, let found = try PromptTemplate.load(templatesDirectory: templatesDirectory) {
            template = found
        } else {
            template = .builtIn
        }
    }

    /// The system and user messages for `request` from the built-in template.
    package static func build(_ request: ExplanationRequest) -> (system: String, user: String) {
        PromptBuilder().messages(for: request)
    }

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

    /// The system and user messages for `request`, with at most `likedLimit` liked movies (and at
    /// most `maxLikedMovies`). When the limit leaves liked movies out, the list says how many.
    package func messages(for request: ExplanationRequest, likedLimit: Int = PromptBuilder.maxLikedMovies)
        -> (system: String, user: String) {
        let values = values(for: request, likedLimit: likedLimit)
        return (template.render(.system, values: values), template.render(.user, values: values))
    }

    /// The single text a completion API gets: the template's completion section around both messages.
    package func completionText(system: String, user: String) -> String {
        template.render(.completion, values: ["system": system, "user": user])
    }

    /// Every placeholder's value for `request`.
    package func values(for request: ExplanationRequest, likedLimit: Int = PromptBuilder.maxLikedMovies) -> [String: String] {
        let shown = min(request.likedMovies.count, Self.maxLikedMovies)
        let liked = request.likedMovies.prefix(max(0, min(likedLimit, shown)))
        var likedLines = liked.map {
            "- \(Self.clean(Self.displayTitle($0.title, year: $0.year))) | \(Self.genreList($0.genres)) | "
                + DecimalFormat.fixed($0.rating, 1)
        }
        if likedLines.isEmpty { likedLines = ["- (none)"] }
        if liked.count < shown {
            let left = shown - liked.count
            likedLines.append("- (\(left) more liked movie\(left == 1 ? "" : "s") left out to fit the model's context)")
        }
        let profile = request.genreProfile.map { "\(Self.clean($0.genre)) \(DecimalFormat.percent($0.share)) (\($0.count))" }
        let items = request.recommendations.map { item in
            var fields = [
                "\(item.rank). \(Self.clean(Self.displayTitle(item.title, year: item.year)))", Self.genreList(item.genres),
                "CF \(DecimalFormat.fixed(item.cfScore, 2))", "content \(DecimalFormat.fixed(item.contentScore, 2))",
                "hybrid \(DecimalFormat.fixed(item.hybridScore, 2))",
            ]
            if let predicted = item.predictedRating { fields.append("predicted rating \(DecimalFormat.fixed(predicted, 1))") }
            if !item.closestLiked.isEmpty {
                fields.append("closest liked: " + item.closestLiked.prefix(3).map(Self.clean).joined(separator: "; "))
            }
            return fields.joined(separator: " | ")
        }
        let candidates = request.otherCandidates.prefix(Self.maxCandidates).map(Self.clean)
        return [
            "user_id": "\(request.userID)",
            "rating_count": "\(request.ratingCount)",
            "mean_rating": DecimalFormat.fixed(request.meanRating, 2),
            "liked_movies": likedLines.joined(separator: "\n"),
            "liked_count": "\(liked.count)",
            "genre_profile": profile.isEmpty ? "(none)" : profile.joined(separator: ", "),
            "alpha": DecimalFormat.fixed(request.alpha, 2),
            "recommendations": items.isEmpty ? "(empty)" : items.joined(separator: "\n"),
            "alpha_meaning": Self.alphaMeaning(request.alpha),
            "alpha_summary": Self.clean(request.alphaSummary),
            "candidates": candidates.isEmpty ? "(none: say there are no other suggestions)" : candidates.joined(separator: "; "),
            "questions": Self.questions(alpha: request.alpha).enumerated().map { "\($0.offset + 1). \($0.element)" }
                .joined(separator: "\n"),
            "headings": Self.headingList,
        ]
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
