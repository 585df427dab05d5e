/// How a mention relates to the user's page.
package enum GroundingKind: String, Sendable, Codable, CaseIterable {
    /// In the hybrid, CF or content list the page shows.
    case inLists
    /// A movie the user rated.
    case inHistory
    /// In the catalog, but not on the user's page: the model suggested it on its own.
    case outside
    /// Not in the catalog at all: possibly invented.
    case unverified
}

/// A mention with the movie it resolves to and its kind.
package struct GroundedMention: Sendable, Equatable {
    package var mention: TitleMention
    package var kind: GroundingKind
    /// The catalog index it names (nil for an unverified title).
    package var movieIndex: Int?
    /// `m-<movieId>` when the page has a row for that movie, so the mention can link to it.
    package var anchor: String?
}

/// What grounding found in one explanation.
package struct GroundingReport: Sendable, Equatable {
    package var mentions: [GroundedMention]
    package var counts: GroundingCounts
    package init(mentions: [GroundedMention], counts: GroundingCounts) { self.mentions = mentions; self.counts = counts }

    /// Nothing found (no text, or no title in it).
    package static let empty = GroundingReport(mentions: [], counts: .zero)
}

/// Finds the titles an explanation names and checks each against the user's page: the step that
/// makes a model's claims visible (linked when grounded, marked when not).
///
/// A title shared by several catalog movies resolves to those of the year written with it (±1),
/// when any, and among them to the one in the user's lists, then to one the user rated, then to the
/// lowest id — so "Chasing Amy", listed twice in ml-100k, links to the copy the page shows, and
/// "Sabrina (1995)" to the 1995 film even when the 1954 one is in the lists.
package struct ExplanationGrounder: Sendable {
    package let matcher: MentionMatcher

    package init(index: TitleIndex) { matcher = MentionMatcher(index: index) }

    package var index: TitleIndex { matcher.index }

    package func ground(_ segments: [GroundingSegment], context: GroundingContext) -> GroundingReport {
        var grounded: [GroundedMention] = []
        var seen: [GroundingKind: Set<String>] = [:]
        for mention in matcher.mentions(in: segments, context: context) {
            let resolved = resolve(mention, context: context)
            grounded.append(resolved)
            let identity = resolved.movieIndex.map { "#\(index.catalog.canonicalIndex(of: $0))" }
                ?? TitleTokenizer.key(TitleNormalizer.splitYear(Substring(mention.text)).title)
            seen[resolved.kind, default: []].insert(identity)
        }
        let counts = GroundingCounts(inLists: seen[.inLists]?.count ?? 0, inHistory: seen[.inHistory]?.count ?? 0,
                                     outside: seen[.outside]?.count ?? 0, unverified: seen[.unverified]?.count ?? 0)
        return GroundingReport(mentions: grounded, counts: counts)
    }

    private func resolve(_ mention: TitleMention, context: GroundingContext) -> GroundedMention {
        guard let first = mention.candidates.first else {
            return GroundedMention(mention: mention, kind: .unverified, movieIndex: nil, anchor: nil)
        }
        // A written year decides first: "Sabrina (1995)" is never the 1954 film, wherever that one is.
        let dated = mention.year.map { year in mention.candidates.filter { index.matchesYear($0, year) } } ?? []
        let candidates = dated.isEmpty ? mention.candidates : dated
        let pick = candidates.first(where: context.listMovies.contains)
            ?? candidates.first(where: context.historyMovies.contains)
            ?? first
        let kind: GroundingKind = context.listMovies.contains(pick) ? .inLists
            : context.historyMovies.contains(pick) ? .inHistory : .outside
        let anchor = kind != .outside && context.anchoredMovies.contains(pick) ? Self.anchor(movieID: index.catalog[pick].id) : nil
        return GroundedMention(mention: mention, kind: kind, movieIndex: pick, anchor: anchor)
    }

    /// The id of a movie's row on a user page: the same rule the page builder uses.
    package static func anchor(movieID: Int) -> String { "m-\(movieID)" }
}
