import Testing
import RecsiteCLI
import RecsiteCore
import RecsiteExplain

/// Grounding as the page shows it: Markdown in, HTML with linked and marked titles out.
@Suite("ExplanationRenderer: grounded Markdown to HTML")
struct ExplanationRendererTests {
    static let catalog = Catalog([
        Movie(id: 6, title: "Heat (1995)", year: 1995, genres: ["Action", "Crime"]),
        Movie(id: 16, title: "Casino (1995)", year: 1995, genres: ["Crime", "Drama"]),
        Movie(id: 30, title: "Fargo (1996)", year: 1996, genres: ["Crime", "Drama"]),
        Movie(id: 41, title: "Les Misérables (1995)", year: 1995, genres: ["Drama"]),
        Movie(id: 900, title: "<Script>Alert(1)</Script> & \"Friends\" (1999)", year: 1999, genres: ["Comedy"]),
    ])
    static let renderer = ExplanationRenderer(index: TitleIndex(catalog: catalog))
    /// Casino and the hostile title are listed (with rows); Heat is liked (with a row); Les Misérables was rated.
    static let context = GroundingContext(
        listMovies: [catalog.index(of: 16)!, catalog.index(of: 900)!], historyMovies: [catalog.index(of: 6)!, catalog.index(of: 41)!],
        anchoredMovies: [catalog.index(of: 16)!, catalog.index(of: 900)!, catalog.index(of: 6)!])

    func render(_ markdown: String) -> (html: String, counts: GroundingCounts) {
        let (html, report) = Self.renderer.render(markdown, context: Self.context)
        return (html, report.counts)
    }

    @Test("a title in the lists and one the user liked link to their rows, with exact HTML")
    func linkedMention() {
        let (html, counts) = render("- **Casino (1995)**: closest to Heat.")
        #expect(html == """
            <ul>
            <li><strong><a class="mention mention-list" href="#m-16" title="In this user&#39;s lists: go to its row">Casino (1995)</a></strong>: \
            closest to <a class="mention mention-history" href="#m-6" title="Rated by this user: go to its row">Heat</a>.</li>
            </ul>

            """)
        #expect(counts == GroundingCounts(inLists: 1, inHistory: 1))
    }

    @Test("an outside suggestion and an unverified title carry a visible flag and a title, not colour alone")
    func markedMentions() {
        let (html, counts) = render("Also try Fargo (1996) or *Moonlight Harbour Express*.")
        #expect(html == """
            <p>Also try <span class="mention mention-outside" title="In the catalog, but neither in this user&#39;s lists nor rated by them">\
            Fargo (1996)<small class="mention-flag"> (outside suggestion)</small></span> or <em><span class="mention mention-unverified" \
            title="Not found in the catalog: the model may have invented this title">Moonlight Harbour Express<small class="mention-flag"> \
            (unverified)</small></span></em>.</p>

            """)
        #expect(counts == GroundingCounts(outside: 1, unverified: 1))
    }

    @Test("a one-word bold title inside a sentence is an outside suggestion; opening a paragraph it is not counted")
    func oneWordBold() {
        let (html, counts) = render("**Fargo**, overall, is cold.\n\nYou may enjoy **Fargo** for its humour.")
        #expect(html.hasPrefix("<p><strong>Fargo</strong>, overall, is cold.</p>\n<p>You may enjoy <strong><span class=\"mention mention-outside\""))
        #expect(counts == GroundingCounts(outside: 1))
    }

    @Test("a rated movie without a row is marked, not linked; a code span is wrapped whole")
    func historyWithoutRowAndCode() {
        let (html, counts) = render("You rated Les Misérables (1995); `Casino` is next.")
        #expect(html == """
            <p>You rated <span class="mention mention-history" title="Rated by this user (not in this page&#39;s tables)">Les Misérables \
            (1995)</span>; <a class="mention mention-list" href="#m-16" title="In this user&#39;s lists: go to its row"><code>Casino</code></a> is next.</p>

            """)
        #expect(counts == GroundingCounts(inLists: 1, inHistory: 1))
    }

    @Test("hostile text in a title-like span, and a hostile catalog title, stay escaped")
    func hostileText() {
        let (html, counts) = render("""
            **Night &lt;/Span&gt;&lt;Script&gt;Alert(1)&lt;/Script&gt; Falls** and “&lt;Script&gt;Alert(1)&lt;/Script&gt; &amp; "Friends"” \
            and "Attack" Onmouseover="Alert(1)" <script>alert(2)</script> [Casino](javascript:alert(3))
            """)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<Script"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("\" onmouseover"))
        #expect(html.contains("""
            <strong><span class="mention mention-unverified" title="Not found in the catalog: the model may have invented this title">\
            Night &lt;/Span&gt;&lt;Script&gt;Alert(1)&lt;/Script&gt; Falls<small class="mention-flag"> (unverified)</small></span></strong>
            """))
        #expect(html.contains("""
            “<a class="mention mention-list" href="#m-900" title="In this user&#39;s lists: go to its row">&lt;Script&gt;Alert(1)&lt;/Script&gt; \
            &amp; &quot;Friends&quot;</a>”
            """))
        // The model's own link is left alone (and its unsafe URL emptied), so it is not counted.
        #expect(html.contains("<a href=\"\">Casino</a>"))
        #expect(counts.inLists == 1)
        #expect(counts.unverified == 2)
    }

    @Test("an answer wrapped whole in a markdown fence is unwrapped, then grounded")
    func fencedAnswer() {
        let (html, counts) = render("```markdown\n## Why these movies\n\n- **Casino (1995)**: a match.\n```\n")
        #expect(html.hasPrefix("<h3>Why these movies</h3>\n<ul>\n<li><strong><a class=\"mention mention-list\" href=\"#m-16\""))
        #expect(counts == GroundingCounts(inLists: 1))
    }

    @Test("headings are matched but never flagged; text inside the model's links is left alone")
    func headingsAndLinks() {
        let (html, counts) = render("## Moonlight Harbour Express\n\n### Casino (1995)\n\nSee [Heat (1995)](https://example.org).")
        #expect(html.contains("<h3>Moonlight Harbour Express</h3>"))
        #expect(html.contains("<h4><a class=\"mention mention-list\" href=\"#m-16\""))
        #expect(html.contains("<a href=\"https://example.org\">Heat (1995)</a>"))
        #expect(counts == GroundingCounts(inLists: 1))
    }

    @Test("badges always show the four counts in one order, with their labels")
    func badges() {
        let badges = ExplanationRenderer.badges(GroundingCounts(inLists: 3, inHistory: 1, outside: 1, unverified: 0))
        #expect(badges.map(\.kind) == ["list", "history", "outside", "unverified"])
        #expect(badges.map(\.label) == ["3 in the lists", "1 rated by the user", "1 outside suggestion", "0 unverified"])
        #expect(ExplanationRenderer.counts(of: badges) == GroundingCounts(inLists: 3, inHistory: 1, outside: 1, unverified: 0))
        #expect(ExplanationRenderer.summary(of: badges) == "3 list · 1 rated · 1 outside · 0 unverified")
        #expect(ExplanationRenderer.summary(of: []) == "–")
    }
}
