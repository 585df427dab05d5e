/// Why a span of an explanation was read as a movie title.
package enum MentionEvidence: String, Sendable, Codable {
    /// The whole of a `**…**` or `*…*` span.
    case emphasis
    /// Text between quotation marks (“…”, "…", ‘…’, '…', «…»).
    case quote
    /// An inline code span.
    case code
    /// The start of a list item, up to its first `:` or dash.
    case listLead
    /// Followed by a year in parentheses: "Heat (1995)".
    case year
    /// A title-shaped phrase of running text (capitalised words, or a short title the user's page shows).
    case phrase
}

/// A span of an explanation that names a movie, before it is classified against the user's page.
package struct TitleMention: Sendable, Equatable {
    /// Which ``GroundingSegment`` it is in.
    package var segment: Int
    /// Where, in that segment's text.
    package var range: Range<String.Index>
    /// The span as written.
    package var text: String
    /// The catalog indices the span may name, the likeliest first (a matching year first); empty
    /// for a title-like span the catalog does not have.
    package var candidates: [Int]
    /// The year written with it, when one was.
    package var year: Int?
    package var evidence: MentionEvidence
}
