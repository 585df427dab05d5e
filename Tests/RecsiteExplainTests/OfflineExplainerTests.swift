import Foundation
@testable import RecsiteExplain
import Testing

@Suite("OfflineExplainer")
struct OfflineExplainerTests {
    @Test("writes the exact four-section Markdown for the fixture user")
    func exactMarkdown() async throws {
        let explanation = try await OfflineExplainer().explain(ExplainTestFixtures.request())
        #expect(explanation.source == ExplanationSource(explainer: "offline", model: nil))
        #expect(explanation.cutShort == false)
        #expect(explanation.markdown == """
            ## Your taste

            User 901 has 42 ratings with a mean of 3.60. 3 liked movies shape this profile; their most common \
            genres are Crime (67%, 2 movies), Thriller (67%, 2 movies) and Action (33%, 1 movie). Favourites \
            include Heat (1995) (5.0), Se7en (1995) (4.5) and Toy Story (1995) (4.0).

            ## How α weighs the two signals

            At α = 0.50 each movie's score is 0.50 × content similarity + 0.50 × collaborative filtering (CF). \
            Averaged over the 2 recommendations, CF contributed 45% of the score and content similarity 55%, \
            so both signals count about equally.

            α=0 and α=1 share 1 of 2 movies.

            ## Why these movies

            - **Casino (1995)**: closest to Heat (1995) and Se7en (1995); shares Crime with the liked movies; \
            driven by CF, 0.46 against 0.37 for content (CF 0.91, content 0.74); predicted rating 4.6.
            - **Babe (1995)**: closest to Toy Story (1995); shares Comedy with the liked movies; driven by \
            content, 0.30 against 0.10 for CF (CF 0.20, content 0.60).

            ## Other suggestions

            Beyond this list, these titles from the catalogue may also suit user 901:

            - Fargo (1996)
            - Goodfellas (1990)

            """)
    }

    @Test("two different users get different texts; the same user gets the same bytes")
    func differsPerUser() {
        let explainer = OfflineExplainer()
        let first = explainer.markdown(for: ExplainTestFixtures.request())
        let second = explainer.markdown(for: ExplainTestFixtures.otherRequest())
        #expect(first != second)
        #expect(second.contains("User 17 has 9 ratings with a mean of 4.10."))
        #expect(second.contains("CF contributed 7% of the score and content similarity 93%, so the list leans on likeness"))
        #expect(second.contains("No other candidates were offered for this user."))
        #expect(explainer.markdown(for: ExplainTestFixtures.request()) == first)
    }

    @Test("α changes the weighting section: at α = 0 CF carries the whole score")
    func alphaZero() {
        let text = OfflineExplainer().markdown(for: ExplainTestFixtures.request(alpha: 0))
        #expect(text.contains("CF contributed 100% of the score and content similarity 0%, so the list leans on what users"))
    }

    @Test("hostile titles stay literal text: HTML, links and emphasis are backslash-escaped")
    func escapesTitles() {
        var request = ExplainTestFixtures.request()
        request.recommendations[0].title = "<script>alert(1)</script>"
        request.recommendations[0].year = nil
        request.recommendations[1].title = "[x](javascript:alert(1))"
        request.likedMovies[0].title = "*Bold* _it_ `code` a|b"
        request.otherCandidates = ["# Heading", "<img src=x onerror=alert(1)>"]
        let text = OfflineExplainer().markdown(for: request)
        #expect(text.contains("- **\\<script\\>alert(1)\\</script\\>**: "))
        #expect(text.contains("- **\\[x\\](javascript&#58;alert(1)) (1995)**: "))
        #expect(text.contains("include \\*Bold\\* \\_it\\_ \\`code\\` a\\|b (1995) (5.0)"))
        #expect(text.contains("\n- \\# Heading\n"))
        #expect(text.contains("\n- \\<img src=x onerror=alert(1)\\>"))
        #expect(!text.contains("<script>"))
        #expect(!text.contains("[x]("))
    }

    @Test("no liked movies and no recommendations still give four sections")
    func emptyRequest() {
        let request = ExplanationRequest(userID: 5, ratingCount: 1, meanRating: 2, likedMovies: [], genreProfile: [],
                                         alpha: 0.5, recommendations: [], alphaSummary: "", otherCandidates: [])
        #expect(OfflineExplainer().markdown(for: request) == """
            ## Your taste

            User 5 has 1 rating with a mean of 2.00. None of them is rated highly enough to count as liked, \
            so there is no taste profile yet.

            ## How α weighs the two signals

            At α = 0.50 each movie's score is 0.50 × content similarity + 0.50 × collaborative filtering (CF). \
            There are no recommendations to weigh.

            ## Why these movies

            There are no recommendations for this user.

            ## Other suggestions

            No other candidates were offered for this user.

            """)
    }
}

@Suite("MarkdownEscaping and DecimalFormat")
struct TextFormattingTests {
    @Test("escapes Markdown-significant characters", arguments: [
        ("Heat", "Heat"),
        ("<script>", "\\<script\\>"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript&#58;alert(1))"),
        ("www.evil.example and https://evil.example/a", "&#119;ww.evil.example and https&#58;//evil.example/a"),
        ("Kiwiwww.x WWW.y", "Kiwiwww.x &#87;WW.y"),
        ("me@evil.example", "me&#64;evil.example"),
        ("&lt;b&gt; ~~x~~ ![i](p)", "\\&lt;b\\&gt; \\~\\~x\\~\\~ \\!\\[i\\](p)"),
        ("a*b_c`d|e\\f", "a\\*b\\_c\\`d\\|e\\\\f"),
        ("#1 Fan", "\\#1 Fan"),
        ("Se7en #2", "Se7en #2"),
        ("two\nlines", "two lines"),
    ])
    func escapes(input: String, expected: String) {
        #expect(MarkdownEscaping.escape(input) == expected)
    }

    @Test("fixed decimals round half away from zero without locale", arguments: [
        (0.455, 2, "0.46"), (0.454, 2, "0.45"), (-0.5, 0, "-1"), (-0.004, 2, "0.00"), (3.6, 2, "3.60"), (42, 0, "42"),
    ])
    func fixed(value: Double, digits: Int, expected: String) {
        #expect(DecimalFormat.fixed(value, digits) == expected)
    }
}
