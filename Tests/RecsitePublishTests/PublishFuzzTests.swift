import Foundation
import Testing
import RecsitePublish
import RecsiteTestSupport

/// Seeded random inputs for the template engine and the Markdown path (issue 6): a template
/// parses and renders or fails with a `TemplateError`; any Markdown renders to HTML with no
/// script, event handler, dangerous URL or image from the input; neither crashes nor hangs.
@Suite("Template and Markdown fuzzing", .serialized)
struct PublishFuzzTests {
    static let templatePieces = [
        "{{", "}}", "{{{", "}}}", "{{x}}", "{{{x}}}", "{{& x}}", "{{#list}}", "{{/list}}", "{{^list}}", "{{#x}}", "{{/x}}",
        "{{^missing}}", "{{/missing}}", "{{.}}", "{{! comment }}", "{{> p}}", "{{> q}}", "{{< p}}", "{{$b}}", "{{/b}}",
        "{{/p}}", "{{=<% %>=}}", "<%x%>", "<%={{ }}=%>", "{{=| |=}}", "{{a.b.c}}", "{{#a}}{{b}}{{/a}}", "text", " ", "\n",
        "\r\n", "\t", "<b>", "&", "\"", "é", "\u{0}", "{{#list}}{{name}}{{/list}}",
    ]

    static let context: MustacheValue = [
        "x": "<script>alert(1)</script>", "list": [["name": "a"], ["name": "b & c"]], "a": ["b": ["c": "deep"]],
        "missing": false,
    ]

    @Test("random templates parse and render, or fail with a TemplateError; variables stay escaped")
    func templates() throws {
        var fuzzer = Fuzzer(seed: 2026)
        var slowest = SlowestCall()
        var outcomes = (rendered: 0, rejected: 0)
        for round in 0..<(Fuzzer.iterations * 4) {
            func piece() -> String {
                fuzzer.below(10) == 0 ? String(decoding: fuzzer.mutate(Array(fuzzer.pick(Self.templatePieces).utf8)), as: UTF8.self)
                    : fuzzer.pick(Self.templatePieces)
            }
            let page = (0..<(1 + fuzzer.below(30))).map { _ in piece() }.joined()
            let partials = ["p": (0..<fuzzer.below(6)).map { _ in piece() }.joined(), "q": "{{> p}}{{x}}"]
            do {
                let html = try slowest.time("round \(round): \(page.debugDescription) with p = \(partials["p"]!.debugDescription)") {
                    var sources = partials
                    sources["page"] = page
                    return try TemplateLibrary(sources: sources).render("page", Self.context)
                }
                outcomes.rendered += 1
                // Only a raw tag ({{{x}}} / {{& x}}) may put the value's markup in the page (the
                // mutations may also write that text into the template itself).
                let source = page + partials["p"]!
                if !["{{{", "{{&", "{{=", "<script>alert(1)</script>"].contains(where: source.contains) {
                    #expect(!html.contains("<script>alert(1)</script>"), "round \(round): \(page.debugDescription) → \(html.debugDescription)")
                }
            } catch is TemplateError {
                outcomes.rejected += 1
            } catch {
                Issue.record("round \(round): untyped error \(error) for \(page.debugDescription)")
            }
        }
        #expect(slowest.seconds < 1, "slowest template took \(slowest.seconds) s: \(slowest.input)")
        #expect(outcomes.rendered > 0 && outcomes.rejected > 0, "\(outcomes)")
    }

    static let markdownPieces = [
        "# ", "## ", "* ", "- ", "1. ", "> ", "```", "```markdown\n", "~~~", "    ", "|", "| a | b |\n|---|---|\n", "**", "*", "_",
        "~~", "`", "[", "]", "(", ")", "![", "<", ">", "&", "\\", "\n", "\n\n", " ", "text", "Casino (1995)",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<iframe src=//evil>", "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))", "[x](vbscript:msgbox(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)", "![t](http://track.example/p.gif)",
        "![t](data:image/png;base64,AAAA)", "<a href=\"javascript:alert(1)\">x</a>", "https://example.org/", "www.example.org",
        "<svg onload=alert(1)>", "&#x3C;script&#x3E;", "\u{0}", "\u{1B}[31m", "\u{202E}", "<!-- c -->", "<style>x</style>",
    ]

    /// The markup an explanation may produce: cmark-gfm's block and inline elements, no images,
    /// no scripts, no event handlers, and links only to http(s), mailto, fragments or relative paths.
    static let allowedTags: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "del",
                                           "code", "pre", "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td",
                                           "br", "hr", "input"]
    static let allowedAttributes: Set<String> = ["href", "class", "align", "start", "type", "checked", "disabled", "title"]

    /// Every problem with the tags of `html`: a tag or attribute outside the allowed sets, or a link
    /// whose scheme is not http, https or mailto.
    static func markupProblems(_ html: String) -> [String] {
        var problems: [String] = []
        let tag = #/<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/#
        let attribute = #/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"]*)")?/#
        for match in html.matches(of: tag) {
            let name = match.output.2.lowercased()
            if !allowedTags.contains(name) { problems.append("tag <\(name)>") }
            for attr in match.output.3.matches(of: attribute) {
                let key = attr.output.1.lowercased()
                if !allowedAttributes.contains(key) { problems.append("attribute \(key) on <\(name)>") }
                if key == "href", let value = attr.output.2 {
                    let url = value.lowercased().replacingOccurrences(of: "&amp;", with: "&")
                    if let colon = url.firstIndex(of: ":"), !url[..<colon].contains("/"), !url[..<colon].contains("?"),
                       !url[..<colon].contains("#"), !["http", "https", "mailto"].contains(String(url[..<colon])) {
                        problems.append("link \(value)")
                    }
                }
            }
        }
        return problems
    }

    @Test("the markup check finds what it must")
    func markupCheck() {
        #expect(Self.markupProblems("<p>&lt;img src=x onerror=alert(1)&gt; <a href=\"https://x.org/\">x</a> <a href=\"#m-1\">y</a></p>").isEmpty)
        #expect(Self.markupProblems("<img src=\"x\">") == ["tag <img>", "attribute src on <img>"])
        #expect(Self.markupProblems("<a href=\"JavaScript:alert(1)\" onclick=\"x\">") == ["link JavaScript:alert(1)", "attribute onclick on <a>"])
    }

    @Test("random Markdown renders with no script, handler, dangerous link or image from the text")
    func markdown() {
        var fuzzer = Fuzzer(seed: 1995)
        var slowest = SlowestCall()
        for round in 0..<(Fuzzer.iterations * 4) {
            var text = (0..<(1 + fuzzer.below(60))).map { _ in fuzzer.pick(Self.markdownPieces) }.joined()
            if fuzzer.below(5) == 0 { text = String(decoding: fuzzer.mutate(Array(text.utf8)), as: UTF8.self) }
            let html = slowest.time("round \(round): \(text.debugDescription)") {
                MarkdownRenderer.render(MarkdownCleanup.unwrapWholeAnswerFence(text), headingOffset: 1)
            }
            let problems = Self.markupProblems(html)
            #expect(problems.isEmpty, "round \(round): \(problems) in \(html.debugDescription) from \(text.debugDescription)")
            #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }, "round \(round): control character")
        }
        #expect(slowest.seconds < 1, "slowest Markdown took \(slowest.seconds) s: \(slowest.input)")
    }

    @Test("pathological Markdown (deep nesting, wide tables, long runs) renders in bounded time", arguments: [
        String(repeating: ">", count: 50_000) + " x",
        String(repeating: "* ", count: 20_000) + "x",
        String(repeating: "[", count: 50_000) + "x" + String(repeating: "](y)", count: 1_000),
        "|" + String(repeating: " a |", count: 5_000) + "\n|" + String(repeating: "---|", count: 5_000) + "\n| b |\n",
        "| a |\n|---|\n" + String(repeating: "| b |\n", count: 20_000),
        String(repeating: "**_~~`", count: 20_000),
        String(repeating: "x", count: 1_000_000),
        String(repeating: "<a href=x>", count: 20_000),
    ])
    func pathological(text: String) {
        var slowest = SlowestCall()
        let html = slowest.time("") { MarkdownRenderer.render(text, headingOffset: 1) }
        #expect(!html.isEmpty)
        #expect(slowest.seconds < 5, "took \(slowest.seconds) s for \(text.prefix(40).debugDescription)…")
    }
}
