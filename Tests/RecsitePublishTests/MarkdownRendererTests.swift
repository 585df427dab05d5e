import Dispatch
import Foundation
import Testing
@testable import RecsitePublish

/// C22 and C24 inputs (`/work/shared/cases/inputs/C22|C24/llm_output.md`) and the observed
/// cmark outputs they are checked against, inlined so the suite runs from a plain checkout.
private enum CaseInput {
    static let c22 = """
        ## Why you may like these

        Hi <script>alert('x')</script> there.

        <img src=x onerror=alert(1)>

        <iframe src="https://example.org/"></iframe>

        * **Heat (1995)** <b>bold via html</b>

        """

    /// `observed_cmark-0.30.2_default.html`: what safe mode gives; cmark-gfm must match it.
    static let c22SafeHTML = """
        <h2>Why you may like these</h2>
        <p>Hi <!-- raw HTML omitted -->alert('x')<!-- raw HTML omitted --> there.</p>
        <!-- raw HTML omitted -->
        <!-- raw HTML omitted -->
        <ul>
        <li><strong>Heat (1995)</strong> <!-- raw HTML omitted -->bold via html<!-- raw HTML omitted --></li>
        </ul>

        """

    static let c24 = """
        | Movie | Why |
        | --- | --- |
        | Casino (1995) | Same director as a film you rated 5 |
        | Se7en (1995) | Dark crime thriller |

        """

    /// `observed_cmark-gfm-0.29.0.gfm.6_table.html`.
    static let c24TableHTML = """
        <table>
        <thead>
        <tr>
        <th>Movie</th>
        <th>Why</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td>Casino (1995)</td>
        <td>Same director as a film you rated 5</td>
        </tr>
        <tr>
        <td>Se7en (1995)</td>
        <td>Dark crime thriller</td>
        </tr>
        </tbody>
        </table>

        """
}

@Suite("MarkdownRenderer")
struct MarkdownRendererTests {
    // MARK: C22: raw HTML from the model

    @Test("C22: safe mode omits the model's raw HTML; heading and list still render")
    func c22RawHTMLOmitted() {
        let html = MarkdownRenderer.render(CaseInput.c22)
        #expect(html == CaseInput.c22SafeHTML)
        for forbidden in ["<script", "<iframe", "onerror=", "<img", "<b>"] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        #expect(html.contains("<!-- raw HTML omitted -->"))
        #expect(html.contains("<h2>Why you may like these</h2>"))
        #expect(html.contains("<li><strong>Heat (1995)</strong>"))
    }

    // MARK: C24: pipe tables

    @Test("C24: a pipe table renders as <table> with two body rows")
    func c24Table() {
        let html = MarkdownRenderer.render(CaseInput.c24)
        #expect(html == CaseInput.c24TableHTML)
        let body = html.components(separatedBy: "<tbody>").last ?? ""
        #expect(body.components(separatedBy: "<tr>").count - 1 == 2)
        #expect(html.contains("<td>Casino (1995)</td>"))
    }

    // MARK: C25: whole answer in a fence (cleanup, then render)

    @Test("C25: a wrapped answer renders as <h2> and <ul>, no <pre>")
    func c25Wrapped() {
        let html = MarkdownRenderer.render(MarkdownCleanup.unwrapWholeAnswerFence(C25Input.wrapped))
        #expect(html == """
            <h2>Why you may like these</h2>
            <ul>
            <li><strong>Casino (1995)</strong> – crime epic</li>
            <li><strong>Se7en (1995)</strong> – dark thriller</li>
            </ul>

            """)
    }

    @Test("C25: the inner ```text block stays code and no stray empty <pre> follows")
    func c25InnerFence() {
        let html = MarkdownRenderer.render(MarkdownCleanup.unwrapWholeAnswerFence(C25Input.wrappedWithInnerFence))
        #expect(html == """
            <h2>Picks</h2>
            <p>Try this query:</p>
            <pre><code class="language-text">genre:crime year:1995
            </code></pre>
            <ul>
            <li><strong>Casino (1995)</strong></li>
            </ul>

            """)
    }

    @Test("C25: a preface line stays a paragraph and the fenced body renders as Markdown")
    func c25Preface() {
        let html = MarkdownRenderer.render(MarkdownCleanup.unwrapWholeAnswerFence(C25Input.prefaceThenFence))
        #expect(html == """
            <p>Sure! Here is the explanation:</p>
            <h2>Picks</h2>
            <ul>
            <li><strong>Casino (1995)</strong></li>
            </ul>

            """)
    }

    @Test("C25: an answer that merely contains a code block renders as before")
    func c25LegitCode() {
        let expected = """
            <h2>Picks</h2>
            <ul>
            <li><strong>Casino (1995)</strong></li>
            </ul>
            <p>Search tip:</p>
            <pre><code class="language-text">genre:crime
            </code></pre>

            """
        #expect(MarkdownRenderer.render(MarkdownCleanup.unwrapWholeAnswerFence(C25Input.legitCode)) == expected)
        #expect(MarkdownRenderer.render(C25Input.legitCode) == expected)
    }

    // MARK: Links

    @Test("links with a forbidden scheme get an empty href", arguments: [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](data:image/png;base64,iVBORw0KGgo=)",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](file:///etc/passwd)",
        "[x](ftp://example.org/f)",
        "[x][r]\n\n[r]: javascript:alert(1)",
    ])
    func forbiddenLinkSchemes(markdown: String) {
        #expect(MarkdownRenderer.render(markdown) == "<p><a href=\"\">x</a></p>\n")
    }

    @Test("a javascript: autolink keeps its text but loses its target")
    func javascriptAutolink() {
        #expect(MarkdownRenderer.render("<javascript:alert(1)>") == "<p><a href=\"\">javascript:alert(1)</a></p>\n")
    }

    @Test("http, https, mailto and relative links keep their href", arguments: [
        ("[x](https://example.org/a?b=1&c=2)", "https://example.org/a?b=1&amp;c=2"),
        ("[x](http://example.org)", "http://example.org"),
        ("[x](mailto:team@example.org)", "mailto:team@example.org"),
        ("[x](../movies/1.html)", "../movies/1.html"),
        ("[x](movies/1.html#cast)", "movies/1.html#cast"),
        ("[x](#top)", "#top"),
        ("[x](./a:b)", "./a:b"),
    ])
    func allowedLinks(markdown: String, href: String) {
        #expect(MarkdownRenderer.render(markdown) == "<p><a href=\"\(href)\">x</a></p>\n")
    }

    // MARK: Images

    @Test("a remote image becomes its alt text, with no <img>")
    func remoteImageBecomesAltText() {
        let html = MarkdownRenderer.render("![beacon](https://evil.example/p.png)")
        #expect(html == "<p>beacon</p>\n")
    }

    @Test("a data:image image becomes its alt text, with no <img>")
    func dataImageBecomesAltText() {
        let html = MarkdownRenderer.render("![pixel](data:image/png;base64,iVBORw0KGgo=)")
        #expect(html == "<p>pixel</p>\n")
    }

    @Test("a reference-style image becomes its alt text")
    func referenceImage() {
        #expect(MarkdownRenderer.render("![beacon][r]\n\n[r]: https://evil.example/p.png") == "<p>beacon</p>\n")
    }

    @Test("an image inside a link leaves the link with the alt text")
    func imageInsideLink() {
        #expect(MarkdownRenderer.render("[![logo](https://evil.example/l.png)](https://example.org)")
            == "<p><a href=\"https://example.org\">logo</a></p>\n")
    }

    @Test("alt text is the plain text of the description, escaped; nested images flatten")
    func altTextIsPlainText() {
        #expect(MarkdownRenderer.render("![a *b* `c` <i> & ![d](y.png)](x.png)") == "<p>a b c  &amp; d</p>\n")
    }

    // MARK: Extensions

    @Test("strikethrough renders as <del>")
    func strikethrough() {
        #expect(MarkdownRenderer.render("~~gone~~ kept") == "<p><del>gone</del> kept</p>\n")
    }

    @Test("bare URLs and www. addresses become links")
    func autolink() {
        #expect(MarkdownRenderer.render("See https://example.org/x today")
            == "<p>See <a href=\"https://example.org/x\">https://example.org/x</a> today</p>\n")
        #expect(MarkdownRenderer.render("See www.example.org")
            == "<p>See <a href=\"http://www.example.org\">www.example.org</a></p>\n")
    }

    // MARK: Headings

    @Test("heading offset 0 keeps levels as written")
    func headingOffsetZero() {
        #expect(MarkdownRenderer.render("# A\n\n## B") == "<h1>A</h1>\n<h2>B</h2>\n")
    }

    @Test("the embedding offset renders # as h3, ## as h4 and caps at h6")
    func embeddedHeadingOffset() {
        let html = MarkdownRenderer.render(
            "# A\n\n## B\n\n#### D\n\n###### F\n\nSetext\n------",
            headingOffset: MarkdownRenderer.embeddedHeadingOffset
        )
        #expect(html == "<h3>A</h3>\n<h4>B</h4>\n<h6>D</h6>\n<h6>F</h6>\n<h4>Setext</h4>\n")
    }

    @Test("a negative offset never goes below h1")
    func negativeHeadingOffset() {
        #expect(MarkdownRenderer.render("## B", headingOffset: -5) == "<h1>B</h1>\n")
    }

    @Test("extreme offsets clamp instead of overflowing")
    func extremeHeadingOffsets() {
        #expect(MarkdownRenderer.render("# A", headingOffset: .max) == "<h6>A</h6>\n")
        #expect(MarkdownRenderer.render("###### F", headingOffset: .min) == "<h1>F</h1>\n")
    }

    // MARK: Text hygiene

    @Test("control characters other than newline and tab are removed")
    func controlCharactersRemoved() {
        let html = MarkdownRenderer.render("a\u{0}b\u{1}c\u{7}d\u{1B}e\u{7F}f\u{85}g\th")
        #expect(html == "<p>abcdefg\th</p>\n")
    }

    @Test("control characters produced by numeric entities are removed from the output")
    func entityControlCharactersRemoved() {
        #expect(MarkdownRenderer.render("x&#1;y&#x1b;z") == "<p>xyz</p>\n")
    }

    @Test("CR and CRLF line endings still break lines")
    func carriageReturns() {
        #expect(MarkdownRenderer.render("# A\r\rb\r\nc") == "<h1>A</h1>\n<p>b\nc</p>\n")
    }

    @Test("text and attribute special characters are escaped")
    func escaping() {
        #expect(MarkdownRenderer.render("5 < 6 & \"q\" [x](https://e.org/\"onmouseover=\"a)")
            == "<p>5 &lt; 6 &amp; &quot;q&quot; <a href=\"https://e.org/%22onmouseover=%22a\">x</a></p>\n")
    }

    @Test("empty input gives empty output", arguments: ["", "\n", "\u{1}"])
    func emptyInput(markdown: String) {
        #expect(MarkdownRenderer.render(markdown) == "")
    }

    // MARK: Concurrency

    @Test("200 concurrent renders give identical output")
    func concurrentRendering() {
        // Strikethrough and autolink depend on cmark-gfm's process-wide special-character
        // table, which unserialised parses switch on and off under each other.
        let section = """
            # Picks

            * ~~Heat~~ **Casino (1995)** – see https://example.org/casino
            * ![beacon](https://evil.example/p.png) [x](javascript:alert(1))

            | Movie | Why |
            | --- | --- |
            | Se7en (1995) | ~~dark~~ www.example.org |

            """
        // Long enough that parses overlap in time, so an unserialised run fails reliably.
        let markdown = String(repeating: section, count: 20)
        let expected = MarkdownRenderer.render(markdown, headingOffset: 2)
        let results = ResultBox(count: 200)
        DispatchQueue.concurrentPerform(iterations: 200) { index in
            results.set(index, MarkdownRenderer.render(markdown, headingOffset: 2))
        }
        #expect(expected.contains("<del>Heat</del>"))
        #expect(expected.contains("<a href=\"http://www.example.org\">"))
        #expect(results.values.count == 200)
        #expect(results.values.allSatisfy { $0 == expected })
    }
}

/// Collects results written from many threads; the lock makes the writes safe.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: String) {
        lock.withLock { storage[index] = value }
    }

    var values: [String] { lock.withLock { storage.compactMap { $0 } } }
}
