import RecsiteCore
import RecsiteExplain
import RecsitePublish

/// Turns an explainer's answer into a page's explanation block: unwraps a fence around the whole
/// answer, renders the Markdown safely, and grounds the titles it names against the user's page —
/// a title in the lists or the ratings links to its row, one outside them or outside the catalog is
/// marked — with the counts shown as badges.
///
/// Grounding works on cmark's syntax tree through ``MarkdownRenderer``'s annotator: the mention's
/// text stays a text node cmark escapes, and the markup around it is built from escaped fields, so
/// nothing the model wrote is ever spliced into HTML.
package struct ExplanationRenderer: Sendable {
    package let grounder: ExplanationGrounder
    /// Added to the model's heading levels (the page's own headings are h1 and h2).
    package var headingOffset = 1

    package init(index: TitleIndex) { grounder = ExplanationGrounder(index: index) }

    /// The HTML of `markdown` with its mentions linked or marked, and what grounding found.
    package func render(_ markdown: String, context: GroundingContext) -> (html: String, report: GroundingReport) {
        var report = GroundingReport.empty
        let html = MarkdownRenderer.render(MarkdownCleanup.unwrapWholeAnswerFence(markdown), headingOffset: headingOffset) { segments in
            let texts = segments.map(GroundingSegment.init)
            report = grounder.ground(texts, context: context)
            return report.mentions.compactMap { Self.annotation($0, in: texts) }
        }
        return (html, report)
    }

    /// The block a user page shows, and the counts for the cohort's totals.
    package func block(_ explanation: Explanation?, failure: String?, context: GroundingContext) -> (ExplanationBlock, GroundingCounts) {
        guard let explanation else {
            return (ExplanationBlock(bodyHTML: "", sourceLabel: "nobody", shortSource: "none", cutShort: false, failure: failure), .zero)
        }
        let (html, report) = render(explanation.markdown, context: context)
        let source = explanation.source
        let block = ExplanationBlock(
            bodyHTML: html, sourceLabel: source.label,
            shortSource: source.model.map { "\(source.explainer) · \($0)" } ?? source.explainer,
            cutShort: explanation.cutShort, failure: failure, grounding: Self.badges(report.counts))
        return (block, report.counts)
    }

    // MARK: - Page text

    /// The four badges, always in this order, zeros included (a reviewer reads "0 unverified" as news too).
    package static func badges(_ counts: GroundingCounts) -> [GroundingBadge] {
        [
            GroundingBadge(kind: "list", count: counts.inLists, label: "\(counts.inLists) in the lists",
                           help: "Titles the explanation names that are in this page's lists; each links to its row."),
            GroundingBadge(kind: "history", count: counts.inHistory, label: "\(counts.inHistory) rated by the user",
                           help: "Titles the explanation names that this user rated."),
            GroundingBadge(kind: "outside", count: counts.outside,
                           label: "\(counts.outside) outside suggestion\(counts.outside == 1 ? "" : "s")",
                           help: "Catalog titles the explanation names that are neither in the lists nor rated by the user."),
            GroundingBadge(kind: "unverified", count: counts.unverified, label: "\(counts.unverified) unverified",
                           help: "Names the explanation presents as titles that are not in the catalog."),
        ]
    }

    /// The counts of a block's badges, back as numbers (for the index).
    package static func counts(of badges: [GroundingBadge]) -> GroundingCounts {
        func count(_ kind: String) -> Int { badges.first { $0.kind == kind }?.count ?? 0 }
        return GroundingCounts(inLists: count("list"), inHistory: count("history"), outside: count("outside"),
                               unverified: count("unverified"))
    }

    /// A block's badges as one cohort-table cell; "–" when there was no text to ground.
    package static func summary(of badges: [GroundingBadge]) -> String {
        badges.isEmpty ? "–" : summary(counts(of: badges))
    }

    /// "5 list · 2 rated · 1 outside · 0 unverified", for the cohort table.
    package static func summary(_ counts: GroundingCounts) -> String {
        "\(counts.inLists) list · \(counts.inHistory) rated · \(counts.outside) outside · \(counts.unverified) unverified"
    }

    // MARK: - Markup

    /// How a mention is shown: a link to its row, or a marker with a visible flag and a title.
    static func annotation(_ grounded: GroundedMention, in segments: [GroundingSegment]) -> MarkdownAnnotation? {
        let mention = grounded.mention
        guard segments.indices.contains(mention.segment) else { return nil }
        let text = segments[mention.segment].text
        let lower = text.utf8.distance(from: text.startIndex, to: mention.range.lowerBound)
        let upper = text.utf8.distance(from: text.startIndex, to: mention.range.upperBound)
        let style: MarkdownAnnotation.Style
        switch (grounded.kind, grounded.anchor) {
        case let (.inLists, anchor?):
            style = .fragmentLink(fragment: anchor, className: "mention mention-list", title: "In this user's lists: go to its row")
        case let (.inHistory, anchor?):
            style = .fragmentLink(fragment: anchor, className: "mention mention-history", title: "Rated by this user: go to its row")
        case (.inLists, nil):
            style = .marker(className: "mention mention-list", title: "In this user's lists", flag: "")
        case (.inHistory, nil):
            style = .marker(className: "mention mention-history", title: "Rated by this user (not in this page's tables)", flag: "")
        case (.outside, _):
            style = .marker(className: "mention mention-outside",
                            title: "In the catalog, but neither in this user's lists nor rated by them", flag: "outside suggestion")
        case (.unverified, _):
            style = .marker(className: "mention mention-unverified",
                            title: "Not found in the catalog: the model may have invented this title", flag: "unverified")
        }
        return MarkdownAnnotation(segment: mention.segment, utf8Range: lower..<upper, style: style)
    }
}

extension GroundingSegment {
    /// The grounding view of a segment the Markdown renderer found.
    init(_ segment: MarkdownTextSegment) {
        self.init(text: segment.text, isEmphasised: segment.isEmphasised, isWholeEmphasis: segment.isWholeEmphasis,
                  isCode: segment.isCode, inHeading: segment.inHeading, leadsListItem: segment.leadsListItem,
                  preceding: segment.preceding, following: segment.following)
    }
}
