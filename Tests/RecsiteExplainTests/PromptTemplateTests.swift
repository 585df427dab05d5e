import Foundation
@testable import RecsiteExplain
import RecsiteTestSupport
import Testing

/// The editable prompt template: the shipped file, the built-in copy, and the substitution rules.
@Suite("PromptTemplate")
struct PromptTemplateTests {
    /// `templates/prompt/explanation.txt` in this package.
    static var shippedFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("templates").appendingPathComponent(PromptTemplate.relativePath)
    }

    @Test("the built-in copy is byte-for-byte the shipped templates/prompt/explanation.txt")
    func builtInMatchesFile() throws {
        #expect(try String(contentsOf: Self.shippedFile, encoding: .utf8) == PromptTemplate.builtInText)
    }

    @Test("the built-in template writes the fixture's user message exactly")
    func exactUserMessage() {
        let user = PromptBuilder.build(ExplainTestFixtures.request()).user
        let expected = """
            User 901 has 42 ratings (mean 3.60).

            Liked movies (best first; title | genres | rating):
            - Heat (1995) | Action, Crime, Thriller | 5.0
            - Se7en (1995) | Crime, Thriller | 4.5
            - Toy Story (1995) | Animation, Comedy | 4.0

            Genre profile of the liked movies: Crime 67% (2), Thriller 67% (2), Action 33% (1), Animation 33% (1), Comedy 33% (1)

            Recommended list at α = 0.50 (hybrid = α × content + (1 − α) × CF; CF and content scores scaled to 0–1):
            1. Casino (1995) | Crime, Drama | CF 0.91 | content 0.74 | hybrid 0.83 | predicted rating 4.6 | closest liked: Heat (1995); Se7en (1995)
            2. Babe (1995) | Children's, Comedy, Drama | CF 0.20 | content 0.60 | hybrid 0.40 | closest liked: Toy Story (1995)

            \(PromptBuilder.alphaMeaning(0.5))
            Across α values: α=0 and α=1 share 1 of 2 movies.

            Candidates for other suggestions (suggest only from these): Fargo (1996); Goodfellas (1990)

            Answer these four questions, one `##` section each:
            1. \(PromptBuilder.questions(alpha: 0.5)[0])
            2. \(PromptBuilder.questions(alpha: 0.5)[1])
            3. \(PromptBuilder.questions(alpha: 0.5)[2])
            4. \(PromptBuilder.questions(alpha: 0.5)[3])
            """
        #expect(user == expected)
    }

    @Test("the built-in system message lists the four headings in order")
    func systemMessage() {
        #expect(PromptBuilder.systemPrompt == "You explain a movie recommender's list to one of its users. Use only the data in "
            + "the user's message: never invent movies, years, people, plots or numbers, and mention only titles that appear "
            + "in the lists given. Answer in Markdown with one `##` heading per question, in this order: ## Your taste, "
            + "## How α weighs the two signals, ## Why these movies, ## Other suggestions. Use short paragraphs and `-` "
            + "bullets; no HTML, no tables, no links, no images. Stay under 400 words.")
    }

    @Test("an empty α summary drops its whole line")
    func emptySummaryDropsLine() {
        var request = ExplainTestFixtures.request()
        request.alphaSummary = "  "
        let user = PromptBuilder.build(request).user
        #expect(!user.contains("Across α values"))
        #expect(user.contains("\(PromptBuilder.alphaMeaning(0.5))\n\nCandidates for other suggestions"))
    }

    @Test("a custom template: placeholders filled, comments and all-empty lines dropped, sections trimmed")
    func customTemplate() throws {
        let builder = try PromptBuilder(template: """
            {{! a comment
                over two lines }}
            --- system ---

            Be brief. {{! inline comment }}Say "{{headings}}".

            --- user ---
            User {{user_id}} ({{rating_count}} ratings, mean {{mean_rating}}) liked {{liked_count}}:
            {{liked_movies}}
            Summary: {{alpha_summary}}
            Done.
            --- completion ---
            <<{{system}}>>
            [[{{user}}]]
            """)
        var request = ExplainTestFixtures.otherRequest()
        request.alphaSummary = ""
        let (system, user) = builder.messages(for: request)
        #expect(system == "Be brief. Say \"## Your taste, ## How α weighs the two signals, ## Why these movies, ## Other suggestions\".")
        #expect(user == "User 17 (9 ratings, mean 4.10) liked 1:\n- Clueless (1995) | Comedy, Romance | 5.0\nDone.")
        #expect(builder.completionText(system: "S", user: "U") == "<<S>>\n[[U]]")
    }

    @Test("without a completion section the built-in one is used")
    func defaultCompletion() throws {
        let builder = try PromptBuilder(template: "--- system ---\nS\n--- user ---\nU {{user_id}}\n")
        #expect(builder.completionText(system: "Sys", user: "Usr") == "Sys\n\nQuestion: Usr\n\nAnswer:")
        #expect(PromptBuilder().completionText(system: "Sys", user: "Usr") == "Sys\n\nQuestion: Usr\n\nAnswer:")
    }

    @Test("data that looks like a placeholder stays literal (one pass)")
    func dataIsNotReexpanded() {
        var request = ExplainTestFixtures.request()
        request.likedMovies[0].title = "{{user_id}} {{! not a comment }}"
        #expect(PromptBuilder.build(request).user.contains("- {{user_id}} {{! not a comment }} (1995) | Action"))
    }

    @Test("template mistakes name the file, the line and what to do", arguments: [
        ("--- system ---\nS\n--- user ---\nHello {{username}}\n",
         PromptTemplateError.unknownPlaceholder("username", section: "user", line: 4,
                                                allowed: PromptTemplate.dataPlaceholders.sorted(), origin: "p.txt")),
        ("--- system ---\nS {{user_id\n--- user ---\nU\n", .unclosedPlaceholder(line: 2, origin: "p.txt")),
        ("--- system ---\nS\n", .missingSection("user", origin: "p.txt")),
        ("Intro\n--- system ---\nS\n--- user ---\nU\n", .textOutsideSection(line: 1, origin: "p.txt")),
        ("--- system ---\nS\n--- user ---\nU\n--- user ---\nV\n", .duplicateSection("user", line: 5, origin: "p.txt")),
        ("--- system ---\nS\n--- user ---\nU\n--- completion ---\n{{user_id}}\n",
         .unknownPlaceholder("user_id", section: "completion", line: 6, allowed: ["system", "user"], origin: "p.txt")),
    ])
    func mistakes(text: String, error: PromptTemplateError) {
        #expect(throws: error) { try PromptBuilder(template: text, origin: "p.txt") }
    }

    @Test("an unknown placeholder's message lists what the section offers")
    func unknownPlaceholderMessage() {
        let error = PromptTemplateError.unknownPlaceholder("x", section: "completion", line: 3, allowed: ["system", "user"],
                                                           origin: "templates/prompt/explanation.txt")
        #expect(error.description
            == "templates/prompt/explanation.txt:3: the completion section has no placeholder {{x}}; it offers {{system}}, {{user}}")
    }

    @Test("a templates folder with prompt/explanation.txt overrides the built-in template; without it the built-in one is used")
    func loadsFromTemplatesFolder() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        #expect(try PromptBuilder(templatesDirectory: folder.url) == PromptBuilder())
        #expect(try PromptBuilder(templatesDirectory: nil) == PromptBuilder())
        let file = try folder.write("prompt/explanation.txt", "--- system ---\nShort.\n--- user ---\nUser {{user_id}}.\n")
        let builder = try PromptBuilder(templatesDirectory: folder.url)
        #expect(builder.template.origin == file.path)
        let messages = builder.messages(for: ExplainTestFixtures.request())
        #expect(messages.system == "Short.")
        #expect(messages.user == "User 901.")
        try folder.write("prompt/explanation.txt", "--- system ---\n{{nope}}\n--- user ---\nU\n")
        #expect(throws: PromptTemplateError.unknownPlaceholder("nope", section: "system", line: 2,
                                                               allowed: PromptTemplate.dataPlaceholders.sorted(),
                                                               origin: file.path)) {
            try PromptBuilder(templatesDirectory: folder.url)
        }
    }
}
