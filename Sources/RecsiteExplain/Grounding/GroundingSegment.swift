/// One run of an explanation's text as the Markdown parser sees it: the literal of a text or code
/// node, and where it sits. The renderer (RecsitePublish) produces these from cmark's syntax tree, so
/// grounding never looks inside raw HTML, link targets or code blocks, and never has to parse
/// Markdown itself.
package struct GroundingSegment: Sendable, Equatable {
    /// The text as the reader sees it (entities decoded, escapes removed).
    package var text: String
    /// Inside `*…*` or `**…**`.
    package var isEmphasised: Bool
    /// The whole content of its emphasis: `**Casino (1995)**` — a span the model marked as a name.
    package var isWholeEmphasis: Bool
    /// An inline code span (`` `Heat` ``): read as a whole, like a quoted title.
    package var isCode: Bool
    /// Part of a heading: matched, but never flagged as an unverified title.
    package var inHeading: Bool
    /// The first text of a list item (`- Fargo (1996)`, `1. Casino: …`), or of the emphasis that starts one.
    package var leadsListItem: Bool
    /// For a whole emphasis: the start of the text right after it (": closest to…", " (1995)"), so
    /// a label such as `**Note:**` or `**CF**: 0.91` can be told from a title, and a year written
    /// after the emphasis still counts.
    package var following: String
    /// For a whole emphasis: the end of the text right before it, "" when the emphasis opens its
    /// paragraph. An emphasis inside a sentence ("you may enjoy **Fargo** for…") names a title; one
    /// that opens a paragraph ("**Overall**, …") is usually a pseudo-heading.
    package var preceding: String

    package init(text: String, isEmphasised: Bool = false, isWholeEmphasis: Bool = false, isCode: Bool = false,
                 inHeading: Bool = false, leadsListItem: Bool = false, preceding: String = "", following: String = "") {
        self.text = text; self.isEmphasised = isEmphasised || isWholeEmphasis; self.isWholeEmphasis = isWholeEmphasis
        self.isCode = isCode; self.inHeading = inHeading; self.leadsListItem = leadsListItem
        self.preceding = preceding; self.following = following
    }

    /// Plain paragraph text.
    package static func plain(_ text: String) -> GroundingSegment { GroundingSegment(text: text) }

    /// The whole content of `**…**` or `*…*`, followed by `following`.
    package static func emphasis(_ text: String, preceding: String = "", following: String = "",
                                 leadsListItem: Bool = false) -> GroundingSegment {
        GroundingSegment(text: text, isWholeEmphasis: true, leadsListItem: leadsListItem, preceding: preceding, following: following)
    }
}
