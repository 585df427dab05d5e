import Testing
@testable import RecsitePublish

@Suite("MarkdownRenderer annotations")
struct MarkdownAnnotationTests {
    /// Renders `markdown`, recording the segments the annotator saw and answering with `answer`.
    func render(_ markdown: String, _ answer: @escaping ([MarkdownTextSegment]) -> [MarkdownAnnotation]) -> (String, [MarkdownTextSegment]) {
        var seen: [MarkdownTextSegment] = []
        let html = MarkdownRenderer.render(markdown) { segments in
            seen = segments
            return answer(segments)
        }
        return (html, seen)
    }

    static let link = MarkdownAnnotation.Style.fragmentLink(fragment: "m-16", className: "mention", title: "t")

    @Test("hands out text and code with their context, never link text or raw HTML")
    func segments() {
        let (_, seen) = render("- **Casino (1995)**: closest to `Heat`.\n\n## A *Heading*\n\n[Fargo](https://x.example) <b>Bold</b> end") { _ in [] }
        #expect(seen.map(\.text) == ["Casino (1995)", ": closest to ", "Heat", ".", "A ", "Heading", " ", "Bold", " end"])
        #expect(seen[0].isWholeEmphasis && seen[0].leadsListItem && seen[0].following == ": closest to " && seen[0].preceding == "")
        #expect(seen[5].preceding == "A ")
        #expect(!seen[1].leadsListItem && !seen[1].isEmphasised)
        #expect(seen[2].isCode)
        #expect(seen[4].inHeading && !seen[4].isEmphasised)
        #expect(seen[5].inHeading && seen[5].isWholeEmphasis)
    }

    @Test("wraps the marked bytes; the text stays escaped by cmark and the markup's fields by the renderer")
    func wraps() {
        let (html, _) = render("Try <Casino> & more") { segments in
            // `<Casino>` is raw HTML (omitted); mark the last word of the text after it, with hostile fields.
            segments.enumerated().compactMap { index, segment in
                segment.text.hasSuffix("more")
                    ? MarkdownAnnotation(segment: index, utf8Range: (segment.text.utf8.count - 4)..<segment.text.utf8.count,
                                         style: .marker(className: "x\" onmouseover=\"y", title: "<b>", flag: "a&b"))
                    : nil
            }
        }
        #expect(html == "<p>Try <!-- raw HTML omitted --> &amp; <span class=\"x&quot; onmouseover=&quot;y\" title=\"&lt;b&gt;\">more"
            + "<small class=\"mention-flag\"> (a&amp;b)</small></span></p>\n")
    }

    @Test("drops overlapping, empty, out-of-range and unsafe-fragment annotations, and partial code ones")
    func dropsBadAnnotations() {
        let (html, _) = render("Casino and Heat `Fargo`") { _ in [
            MarkdownAnnotation(segment: 0, utf8Range: 0..<6, style: Self.link),
            MarkdownAnnotation(segment: 0, utf8Range: 3..<10, style: Self.link),
            MarkdownAnnotation(segment: 0, utf8Range: 11..<11, style: Self.link),
            MarkdownAnnotation(segment: 0, utf8Range: 11..<99, style: Self.link),
            MarkdownAnnotation(segment: 0, utf8Range: 11..<15, style: .fragmentLink(fragment: "x\" onclick=\"y", className: "c", title: "t")),
            MarkdownAnnotation(segment: 1, utf8Range: 0..<2, style: Self.link),
            MarkdownAnnotation(segment: 7, utf8Range: 0..<2, style: Self.link),
        ] }
        #expect(html == "<p><a class=\"mention\" href=\"#m-16\" title=\"t\">Casino</a> and Heat <code>Fargo</code></p>\n")
    }

    @Test("rendering without an annotator is unchanged")
    func unchanged() {
        let markdown = "- **Casino (1995)**: closest to `Heat`."
        #expect(MarkdownRenderer.render(markdown) == render(markdown) { _ in [] }.0)
    }
}
