import Foundation
import Testing
@testable import RecsitePublish
import RecsiteTestSupport

/// One case of the official Mustache spec (`../shared/peers/mustache-spec/*.json`), read at run time.
struct MustacheSpecCase: Sendable, CustomTestStringConvertible {
    let file: String
    let name: String
    let data: MustacheValue
    let template: String
    let partials: [String: String]
    let expected: String

    var testDescription: String { "\(file): \(name)" }

    /// Every case of one spec file; an unreadable file gives no cases (and fails `specFilesArePresent`).
    static func load(_ file: String) -> [MustacheSpecCase] {
        let url = SharedFolder.url.appendingPathComponent("peers/mustache-spec/\(file)")
        guard let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let tests = root["tests"] as? [[String: Any]] else { return [] }
        return tests.map { test in
            MustacheSpecCase(file: file, name: test["name"] as? String ?? "?",
                             data: MustacheValue(json: test["data"] ?? NSNull()),
                             template: test["template"] as? String ?? "",
                             partials: test["partials"] as? [String: String] ?? [:],
                             expected: test["expected"] as? String ?? "")
        }
    }

    /// Renders the case the way the site does: the production escaper (`HTMLEscaping.escape`, which
    /// also escapes `'`; no spec case interpolates a `'`), missing partials as "" (spec behaviour).
    func render() throws -> String {
        let main = "(spec template)"
        var sources = partials
        sources[main] = template
        let library = try TemplateLibrary(sources: sources, checksPartials: false)
        return try library.render(main, data)
    }
}

@Suite("Mustache spec (comments, interpolation, sections, inverted, partials, delimiters, inheritance)")
struct MustacheSpecTests {
    @Test("every spec file is present with its cases", arguments: [
        ("comments.json", 12), ("interpolation.json", 42), ("sections.json", 34), ("inverted.json", 22),
        ("partials.json", 12), ("delimiters.json", 14), ("~inheritance.json", 27),
    ])
    func specFilesArePresent(file: String, count: Int) {
        #expect(MustacheSpecCase.load(file).count == count)
    }

    @Test("comments.json", arguments: MustacheSpecCase.load("comments.json"))
    func comments(_ specCase: MustacheSpecCase) throws { try check(specCase) }

    @Test("interpolation.json", arguments: MustacheSpecCase.load("interpolation.json"))
    func interpolation(_ specCase: MustacheSpecCase) throws { try check(specCase) }

    @Test("sections.json", arguments: MustacheSpecCase.load("sections.json"))
    func sections(_ specCase: MustacheSpecCase) throws { try check(specCase) }

    @Test("inverted.json", arguments: MustacheSpecCase.load("inverted.json"))
    func inverted(_ specCase: MustacheSpecCase) throws { try check(specCase) }

    @Test("partials.json", arguments: MustacheSpecCase.load("partials.json"))
    func partials(_ specCase: MustacheSpecCase) throws { try check(specCase) }

    @Test("delimiters.json", arguments: MustacheSpecCase.load("delimiters.json"))
    func delimiters(_ specCase: MustacheSpecCase) throws { try check(specCase) }

    @Test("~inheritance.json (blocks and parents)", arguments: MustacheSpecCase.load("~inheritance.json"))
    func inheritance(_ specCase: MustacheSpecCase) throws { try check(specCase) }

    private func check(_ specCase: MustacheSpecCase) throws {
        let output = try specCase.render()
        #expect(output == specCase.expected, "template: \(specCase.template.debugDescription)")
    }
}
