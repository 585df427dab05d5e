import Foundation
import Testing
import RecsitePublish
import RecsiteTestSupport

/// A page model as the CLI builds them: Codable structs, optional fields, booleans and numbers.
private struct SamplePage: Codable {
    struct Pick: Codable {
        var rank: Int
        var title: String
        var score: Double
    }
    var title: String
    var subtitle: String?
    var picks: [Pick]
    var cutShort: Bool
    var failed: Bool
}

@Suite("Template renderer and library")
struct TemplateRendererTests {
    /// Renders one in-memory template (named "page") with optional partials.
    private func render(_ template: String, _ value: MustacheValue, partials: [String: String] = [:]) throws -> String {
        var sources = partials
        sources["page"] = template
        return try TemplateLibrary(sources: sources).render("page", value)
    }

    /// The error loading a templates folder made of `files` throws, or nil when it loads.
    private func loadError(_ files: [String: String]) throws -> TemplateError? {
        let folder = try TemporaryDirectory(prefix: "recsite-templates")
        defer { folder.remove() }
        for (path, text) in files { try folder.write(path, text) }
        do {
            _ = try TemplateLibrary(directory: folder.url)
            return nil
        } catch let error as TemplateError {
            return error
        }
    }

    // MARK: Errors a template author sees

    @Test("reports a section never closed with the file and the line of its opening tag")
    func unclosedSection() throws {
        let lines = (1...11).map { "<p>line \($0)</p>" } + ["<ul>{{#items}}<li>{{name}}</li>", "</ul>"]
        let error = try loadError(["user.mustache": lines.joined(separator: "\n")])
        #expect(error == .unclosedSection(file: "user.mustache", line: 12, tag: "#items"))
        #expect(error?.description == "user.mustache:12: {{#items}} is never closed; add {{/items}}")
    }

    @Test("reports a closing tag that does not match the open section, with both lines")
    func mismatchedClose() throws {
        let error = try loadError(["user.mustache": "<ul>\n{{#items}}<li>{{#name}}{{name}}</li>\n{{/items}}</ul>\n"])
        #expect(error?.description
            == "user.mustache:3: {{/items}} does not close {{#name}} opened at line 2; expected {{/name}}")
    }

    @Test("reports a closing tag with no section open")
    func unexpectedClose() throws {
        let error = try loadError(["partials/footer.mustache": "<footer>\n</footer>\n{{/site}}\n"])
        #expect(error?.description == "partials/footer.mustache:3: {{/site}} closes nothing; no section is open here")
    }

    @Test("reports a tag that is opened and never closed")
    func unclosedTag() throws {
        let error = try loadError(["index.html": "<h1>\n{{title</h1>\n"])
        #expect(error?.description == "index.html:2: a tag opened with '{{' is never closed with '}}'")
    }

    @Test("reports a tag name with a space in it")
    func invalidTagName() throws {
        let error = try loadError(["user.mustache": "<p>{{first name}}</p>"])
        #expect(error?.description
            == "user.mustache:1: 'first name' is not a tag name (names have no spaces; dotted names like 'a.b' have no empty parts)")
    }

    @Test("reports a partial that names no template, at load time")
    func missingPartial() throws {
        let error = try loadError(["index.mustache": "<html>\n{{> heade}}\n", "partials/head.mustache": "<head>"])
        #expect(error?.description
            == "index.mustache:2: no template named 'heade' for this partial (looked for 'partials/heade' and 'heade')")
    }

    @Test("reports two files that give one template name")
    func duplicateTemplate() throws {
        let error = try loadError(["user.html": "a", "user.mustache": "b"])
        #expect(error?.description == "two files define the template 'user': user.html and user.mustache; keep one")
    }

    @Test("refuses to render a template name that was not loaded")
    func missingTemplate() throws {
        let library = try TemplateLibrary(sources: ["index": "x"])
        #expect(throws: TemplateError.missingTemplate(name: "usr", directory: "(in memory)")) {
            try library.render("usr", [:])
        }
        #expect(TemplateError.missingTemplate(name: "usr", directory: "templates").description
            == "no template named 'usr' in templates (expected usr.mustache or usr.html)")
    }

    @Test("stops a partial that includes itself instead of overflowing the stack")
    func recursionLimit() throws {
        #expect(throws: TemplateError.recursionLimit(name: "loop", depth: 100)) {
            try render("{{> loop}}", [:], partials: ["loop": "x{{> loop}}"])
        }
    }

    // MARK: Escaping

    @Test("escapes a script tag in element content")
    func escapesScript() throws {
        let output = try render("<p>{{bio}}</p>", ["bio": "<script>alert(1)</script>"])
        #expect(output == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    }

    @Test("escapes quotes that would break out of an attribute", arguments: [
        ("<a title=\"{{t}}\">", "\" onmouseover=\"x", "<a title=\"&quot; onmouseover=&quot;x\">"),
        ("<a title='{{t}}'>", "' onmouseover='x", "<a title='&#39; onmouseover=&#39;x'>"),
        ("<a href=\"{{t}}\">", "a&b=<c>", "<a href=\"a&amp;b=&lt;c&gt;\">"),
    ])
    func escapesAttributes(template: String, hostile: String, expected: String) throws {
        #expect(try render(template, ["t": .string(hostile)]) == expected)
    }

    @Test("writes triple-mustache and ampersand values raw, for HTML we generated")
    func rawValues() throws {
        let output = try render("{{{html}}}|{{& html}}|{{html}}", ["html": "<em>ok</em>"])
        #expect(output == "<em>ok</em>|<em>ok</em>|&lt;em&gt;ok&lt;/em&gt;")
    }

    // MARK: Values

    @Test("renders a Codable page model: lists, optionals, numbers")
    func codableModel() throws {
        let page = SamplePage(title: "User 7 & friends", subtitle: nil,
                              picks: [.init(rank: 1, title: "Heat (1995)", score: 0.93),
                                      .init(rank: 2, title: "Up", score: 4)],
                              cutShort: false, failed: false)
        let template = """
            <h1>{{title}}</h1>
            {{#subtitle}}<p>{{subtitle}}</p>{{/subtitle}}
            {{^subtitle}}<p>No subtitle</p>{{/subtitle}}
            <ol>
              {{#picks}}
              <li value="{{rank}}">{{title}} ({{score}})</li>
              {{/picks}}
            </ol>

            """
        let output = try TemplateLibrary(sources: ["page": template]).render("page", model: page)
        #expect(output == """
            <h1>User 7 &amp; friends</h1>

            <p>No subtitle</p>
            <ol>
              <li value="1">Heat (1995) (0.93)</li>
              <li value="2">Up (4)</li>
            </ol>

            """)
    }

    @Test("Codable booleans drive sections and print as true/false, never 1/0")
    func codableBooleans() throws {
        let page = SamplePage(title: "", subtitle: nil, picks: [], cutShort: true, failed: false)
        let value = try MustacheValue(encoding: page)
        #expect(value["cutShort"] == .bool(true))
        #expect(value["failed"] == .bool(false))
        let output = try render("{{#cutShort}}cut{{/cutShort}}|{{^failed}}ok{{/failed}}|{{cutShort}} {{failed}}", value)
        #expect(output == "cut|ok|true false")
    }

    @Test("JSONSerialization booleans stay booleans and 1 stays a number")
    func jsonBooleans() throws {
        let json = try JSONSerialization.jsonObject(with: Data("[true, false, 1, 0, 1.5]".utf8))
        #expect(MustacheValue(json: json) == [true, false, 1, 0, 1.5])
    }

    @Test("converts plain Swift values of JSON shapes, including other integer and float types")
    func plainSwiftValues() {
        let json: [String: Any] = ["n": Int64(7), "f": Float(1.5), "b": true, "list": [1, "x"] as [Any], "none": NSNull()]
        #expect(MustacheValue(json: json) == ["n": 7, "f": 1.5, "b": true, "list": [1, "x"], "none": nil])
    }

    @Test("formats numbers without a trailing .0 and in shortest form", arguments: [
        (85.0, "85"), (1.21, "1.21"), (-3.0, "-3"), (0.1, "0.1"), (2.5e-7, "2.5e-07"), (1e20, "1e+20"),
    ])
    func numbers(number: Double, text: String) throws {
        #expect(try render("{{n}}", ["n": .number(number)]) == text)
    }

    static let truthinessCases: [(MustacheValue, String)] = [
        (.null, "no"), (false, "no"), ([], "no"), ("", "no"),
        (0, "yes"), ("x", "yes"), ([:], "yes"), ([1], "yes"),
    ]

    @Test("treats null, false, empty lists and empty strings as false; 0 and objects as true",
          arguments: truthinessCases)
    func truthiness(value: MustacheValue, expected: String) throws {
        #expect(try render("{{#v}}yes{{/v}}{{^v}}no{{/v}}", ["v": value]) == expected)
    }

    @Test("renders a missing name as nothing")
    func missingName() throws {
        #expect(try render("[{{nobody}}][{{a.b.c}}]", ["a": ["b": [:]]]) == "[][]")
    }

    // MARK: A templates folder

    @Test("loads a folder: partials by short or full name, indentation, a layout parent, assets skipped")
    func templatesFolder() throws {
        let folder = try TemporaryDirectory(prefix: "recsite-templates")
        defer { folder.remove() }
        try folder.write("layout.mustache", "<body>\n  {{$content}}<p>default</p>{{/content}}\n</body>\n")
        try folder.write("page.mustache", "{{< layout}}{{$content}}{{> head}}<main>{{title}}</main>{{/content}}{{/layout}}\n")
        try folder.write("card.html", "<div>\n  {{> partials/line}}\n</div>\n")
        try folder.write("partials/head.mustache", "<h1>{{title}}</h1>")
        try folder.write("partials/line.mustache", "<span>{{title}}</span>\n<br>\n")
        try folder.write("assets/site.css", "body { color: #123; }")
        let library = try TemplateLibrary(directory: folder.url)

        #expect(library.names == ["card", "layout", "page", "partials/head", "partials/line"])
        #expect(try library.render("page", ["title": "<T>"]) == "<body>\n  <h1>&lt;T&gt;</h1><main>&lt;T&gt;</main>\n</body>\n")
        #expect(try library.render("card", ["title": "T"]) == "<div>\n  <span>T</span>\n  <br>\n</div>\n")
    }

    @Test("renders the same bytes from many threads at once")
    func concurrentRendering() throws {
        let library = try TemplateLibrary(sources: ["page": "{{#items}}<li>{{.}}</li>{{/items}}"])
        let expected = "<li>a</li><li>b</li>"
        let outputs = SendableBox(Array(repeating: "", count: 64))
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            let output = (try? library.render("page", ["items": ["a", "b"]])) ?? "failed"
            outputs.set(index, output)
        }
        #expect(outputs.values.allSatisfy { $0 == expected })
    }
}

/// Collects results written from concurrent iterations.
private final class SendableBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String]
    init(_ values: [String]) { storage = values }
    func set(_ index: Int, _ value: String) { lock.lock(); storage[index] = value; lock.unlock() }
    var values: [String] { lock.lock(); defer { lock.unlock() }; return storage }
}
