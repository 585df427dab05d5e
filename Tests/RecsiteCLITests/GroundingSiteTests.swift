import Foundation
import Testing
import RecsiteCLI
import RecsiteCore
import RecsiteExplain
import RecsitePublish
import RecsiteTestSupport

/// Grounding on built pages: badges beside each explanation, links to rows, the cohort column, the summary.
@Suite("Grounding on built sites")
struct GroundingSiteTests {
    /// Every `href="#m-…"` on a page has its `id`, and no `id="m-…"` appears twice.
    func checkAnchors(_ page: String) {
        func all(_ pattern: String) -> [String] {
            let regex = try! NSRegularExpression(pattern: pattern)
            return regex.matches(in: page, range: NSRange(page.startIndex..., in: page)).compactMap {
                Range($0.range(at: 1), in: page).map { String(page[$0]) }
            }
        }
        let ids = all("id=\"(m-[0-9]+)\"")
        #expect(Set(ids).count == ids.count)
        #expect(Set(all("href=\"#(m-[0-9]+)\"")).subtracting(ids) == [])
    }

    @Test("the offline explainer's text grounds completely: every title it names is on the page, and links to its row")
    func offlineGroundsFully() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        let summary = try await fixture.build()
        #expect(summary.grounding.outside == 0)
        #expect(summary.grounding.unverified == 0)
        #expect(summary.grounding.inLists >= 4 * 10)
        #expect(summary.grounding.inHistory > 0)
        for user in 1...4 {
            let page = try fixture.page("users/\(user).html")
            #expect(page.contains("<ul class=\"grounding\" aria-label=\"Titles the explanation names\">"))
            #expect(page.contains(">0 outside suggestions</li>"))
            #expect(page.contains(">0 unverified</li>"))
            #expect(page.contains("class=\"mention mention-list\" href=\"#m-"))
            checkAnchors(page)
        }
        let index = try fixture.page("index.html")
        #expect(index.contains("<th scope=\"col\" class=\"opt\">Titles named</th>"))
        #expect(index.contains("Titles the explanations name, over the cohort: \(summary.grounding.inLists) in the lists, "
            + "\(summary.grounding.inHistory) rated by the user, 0 outside suggestions, 0 unverified."))
    }

    @Test("a model's crafted answer gets exact badges: listed and rated titles linked, an outside one and an invented one marked")
    func craftedAnswer() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        // A catalog movie nobody rated: with --min-ratings 1 it is never a candidate, so never on a page.
        let movies = fixture.data.appendingPathComponent("movies.csv")
        try (String(contentsOf: movies, encoding: .utf8) + "950,Galaxy Quest (1999),Comedy|Sci-Fi\n")
            .write(to: movies, atomically: true, encoding: .utf8)
        let reply = """
            ## Why these movies

            - **Movie 1 (1981)**: a good fit.
            - **Movie 2 (1982)**: another.
            - **Movie 3 (1983)**: and a third.
            - **Movie 4 (1984)**, **Movie 5 (1985)** and **Movie 6 (1986)** too.

            You might also enjoy **Galaxy Quest (1999)** and **Moonlight Harbour Express**.
            """
        let double = OllamaTestDouble(models: ["gemma3:latest"], reply: reply)
        let url = try double.start()
        defer { double.stop() }
        // With lists of 50, every movie user 1 has not rated is in a list; the rest they rated.
        let summary = try await fixture.build {
            $0.explainer = .llm; $0.llmURL = url.absoluteString; $0.cohort = .users([1]); $0.top = 50; $0.minRatings = 1
            $0.useCache = false
        }
        // User 1's ratings, from the fixture's own file: rated movies are history, liked ones (≥ 4) have a row.
        let ratings = try String(contentsOf: fixture.data.appendingPathComponent("ratings.csv"), encoding: .utf8)
        var rating: [Int: Double] = [:]
        for line in ratings.split(separator: "\n") {
            let fields = line.split(separator: ",")
            if fields.count == 4, fields[0] == "1", let movie = Int(fields[1]) { rating[movie] = Double(fields[2]) }
        }
        let named = Array(1...6)
        let inHistory = named.filter { rating[$0] != nil }.count
        #expect(inHistory > 0 && inHistory < named.count, "the fixture should give user 1 both rated and unrated movies")
        let expected = GroundingCounts(inLists: named.count - inHistory, inHistory: inHistory, outside: 1, unverified: 1)
        #expect(summary.grounding == expected)

        let page = try fixture.page("users/1.html")
        #expect(page.contains("""
            <ul class="grounding" aria-label="Titles the explanation names"><li class="badge badge-list" \
            title="Titles the explanation names that are in this page&#39;s lists; each links to its row.">\(named.count - inHistory) in the lists</li>\
            <li class="badge badge-history" title="Titles the explanation names that this user rated.">\(inHistory) rated by the user</li>\
            <li class="badge badge-outside" title="Catalog titles the explanation names that are neither in the lists nor rated by the user.">\
            1 outside suggestion</li><li class="badge badge-unverified" title="Names the explanation presents as titles that are not in the \
            catalog.">1 unverified</li></ul>
            """))
        for id in named {
            switch rating[id] {
            case nil: #expect(page.contains("<strong><a class=\"mention mention-list\" href=\"#m-\(id)\""), "movie \(id)")
            case let r? where r >= 4: #expect(page.contains("<strong><a class=\"mention mention-history\" href=\"#m-\(id)\""), "movie \(id)")
            default: #expect(page.contains("<strong><span class=\"mention mention-history\" title=\"Rated by this user (not in this page&#39;s tables)\">Movie \(id) (\(1980 + id))</span>"), "movie \(id)")
            }
        }
        #expect(page.contains("Galaxy Quest (1999)<small class=\"mention-flag\"> (outside suggestion)</small>"))
        #expect(page.contains("Moonlight Harbour Express<small class=\"mention-flag\"> (unverified)</small>"))
        checkAnchors(page)
        let index = try fixture.page("index.html")
        #expect(index.contains("<td class=\"opt nowrap\">\(named.count - inHistory) list · \(inHistory) rated · 1 outside · 1 unverified</td>"))
    }

    @Test("--json reports the cohort's grounding totals")
    func jsonTotals() throws {
        let json = BuildSummaryJSON.render(
            site: "/s", dataset: Dataset(name: "x", layout: .csv, catalog: Catalog([]), ratings: RatingsTable(), cleaning: CleaningReport()),
            users: 2, report: PublishReport(written: 1),
            explainer: .init(explainer: "offline", model: nil), failures: 0, trainingRMSE: nil,
            grounding: GroundingCounts(inLists: 7, inHistory: 3, outside: 1, unverified: 2))
        #expect(json.contains("""
              "grounding" : {
                "inHistory" : 3,
                "inLists" : 7,
                "outside" : 1,
                "unverified" : 2
              },
            """))
    }
}
