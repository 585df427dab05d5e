import Foundation
import Testing
import RecsiteCLI
import RecsiteTestSupport

/// Users the models know little about still get useful, honestly labelled pages.
@Suite("Thin users")
struct ThinUserTests {
    @Test("a user who liked nothing gets a content list from their highest-rated movies; few ratings are labelled")
    func noLikedMovies() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        // User 900 rated three movies, none ≥ 4: movie 3 and movie 6 at 3.0 are their best.
        let ratings = fixture.data.appendingPathComponent("ratings.csv")
        let extra = "900,3,3.0,978400000\n900,6,3.0,978400001\n900,7,2.5,978400002\n"
        try (String(contentsOf: ratings, encoding: .utf8) + extra).write(to: ratings, atomically: true, encoding: .utf8)
        try await fixture.build { $0.cohort = .users([900]) }
        let page = try fixture.page("users/900.html")
        #expect(page.contains("No movie is rated ≥ 4: the content list, the genre profile and the liked movies below "
            + "use this user&#39;s highest-rated movies (rated 3) instead."))
        #expect(page.contains("This user has only 3 ratings: treat the lists with care."))
        #expect(page.contains("Mean cosine to this user&#39;s highest-rated movies (rated 3), scaled to [0, 1] over this user&#39;s candidates."))
        // The stand-in profile is shown (movies 3 and 6, both rated 3.0), and the content list is not empty.
        #expect(page.contains("Movie 3 ("))
        #expect(page.contains("Movie 6 ("))
        let content = try #require(page.range(of: "id=\"content\"")).upperBound
        let table = try #require(page.range(of: "</table>", range: content..<page.endIndex)).lowerBound
        #expect(page[content..<table].contains("<tr><td class=\"num\">1</td>"))
    }
}

/// C13's second file end to end: a catalog whose titles and genres leave no word after stop words.
@Suite("C13: a catalog with no content words")
struct NoContentWordsTests {
    @Test("the build completes with a warning, every list is the CF list, and the pages say so")
    func allEmptyVocabulary() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let data = folder.url.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: SharedFolder.caseInput("C13").appendingPathComponent("movies_all_empty.csv"),
                                         to: data.appendingPathComponent("movies.csv"))
        try folder.write("data/ratings.csv", "userId,movieId,rating,timestamp\n1,900001,5,1\n1,900002,3,2\n2,900001,4,3\n2,900003,2,4\n3,900002,5,5\n")
        var options = BuildOptions()
        options.dataDirectory = data.path
        options.outputDirectory = folder.url.appendingPathComponent("site").path
        options.explainer = .offline
        options.cohort = .all
        options.evaluate = false
        options.templatesDirectory = PackageRoot.url.appendingPathComponent("templates").path
        let lines = LineCollector()
        var command = BuildCommand(options: options, environment: [:])
        command.progressOutput = { lines.append($0) }
        _ = try await command.run()
        #expect(lines.text.contains("warning: No title or genre has a word left after stop words are removed"))
        let index = try String(contentsOf: folder.url.appendingPathComponent("site/index.html"), encoding: .utf8)
        #expect(index.contains("content scores are all 0, and the hybrid lists follow collaborative filtering."))
        let page = try String(contentsOf: folder.url.appendingPathComponent("site/users/1.html"), encoding: .utf8)
        #expect(page.contains("so every hybrid list is the CF list."))
        #expect(!page.contains("NaN"))
    }
}
