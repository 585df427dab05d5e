import Foundation
import Testing
@testable import RecsiteCore
import RecsiteTestSupport

/// The rows of a field case's expected TSV after its header line.
private func expectedRows(_ caseID: String, _ file: String) throws -> [[String]] {
    let text = try String(contentsOf: SharedFolder.caseInput(caseID).appendingPathComponent(file), encoding: .utf8)
    return text.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
}

/// Epoch seconds as `YYYY-MM-DDTHH:MM:SSZ`, the form expected_ratings.tsv uses.
private func utc(_ seconds: Int64) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
}

@Suite("Field cases C01–C07: MovieLens data quirks")
struct FieldCaseDataTests {
    @Test("C01: decodes Latin-1 u.item, loads item 267 'unknown' and maps the 19 genre flags")
    func c01() throws {
        let dataset = try DatasetLoader.load(directory: SharedFolder.caseInput("C01"))
        #expect(dataset.layout == .ml100k)
        #expect(dataset.catalog.count == 4)
        for row in try expectedRows("C01", "expected_titles.tsv") {
            let movie = try #require(dataset.catalog.movie(id: Int(row[0])!))
            #expect(movie.title == row[1])
            #expect(movie.year == Int(row[2]))
            // "(none: 'unknown' flag only)": the unknown flag is not a genre.
            #expect(movie.genres == (row[3].hasPrefix("(none") ? [] : row[3].split(separator: "|").map(String.init)))
        }
        #expect(dataset.catalog.movie(id: 543)?.title == "Misérables, Les (1995)")
        #expect(dataset.catalog.movie(id: 267) == Movie(id: 267, title: "unknown", year: nil, genres: []))
        #expect(dataset.catalog.movies.allSatisfy { !$0.title.unicodeScalars.contains("\u{FFFD}") })
        #expect(dataset.ratings.count == 4)
        #expect(dataset.cleaning.movieRowsRead == 4)
        #expect(dataset.cleaning.totalDropped == 0)
    }

    @Test("C02: splits '::' files on the literal separator; quotes and single colons stay in titles")
    func c02() throws {
        let dataset = try DatasetLoader.load(directory: SharedFolder.caseInput("C02"))
        #expect(dataset.layout == .dat)
        let expected = try expectedRows("C02", "expected_titles.tsv")
        #expect(dataset.catalog.movies.map { [String($0.id), $0.title] } == expected.sorted { Int($0[0])! < Int($1[0])! })
        #expect(dataset.catalog.movie(id: 1196)?.genres == ["Action", "Adventure", "Drama", "Sci-Fi", "War"])
        #expect(dataset.catalog.movie(id: 51372)?.year == 1998)
        #expect(dataset.ratings.count == 3)
        #expect(dataset.cleaning.totalDropped == 0)
    }

    @Test("C03: reads RFC 4180 quoted titles with commas and a doubled quote")
    func c03() throws {
        let dataset = try DatasetLoader.load(directory: SharedFolder.caseInput("C03"))
        #expect(dataset.layout == .csv)
        for row in try expectedRows("C03", "expected_titles.tsv") {
            let movie = try #require(dataset.catalog.movie(id: Int(row[0])!))
            #expect(movie.title == row[1])
            #expect(movie.genres == row[2].split(separator: "|").map(String.init))
        }
        #expect(dataset.catalog.movie(id: 7789)?.title.filter { $0 == "\"" }.count == 1)
        #expect(dataset.catalog.movie(id: 7789)?.year == 2002)
        #expect(dataset.ratings.count == 4)
    }

    @Test("C04: '(no genres listed)' gives an empty genre list")
    func c04() throws {
        var issues = IssueRecorder(strict: true)
        let file = DataFile(directory: SharedFolder.caseInput("C04"), relativePath: "movies.csv")
        let movies = try CSVLayoutReader.readMovies(file, issues: &issues).catalog()
        #expect(movies.movies == [
            Movie(id: 1, title: "Toy Story (1995)", year: 1995, genres: ["Adventure", "Animation", "Children", "Comedy", "Fantasy"]),
            Movie(id: 114335, title: "La cravate (1957)", year: 1957, genres: []),
            Movie(id: 122888, title: "Ben-hur (2016)", year: 2016, genres: []),
            Movie(id: 171495, title: "Cosmos", year: nil, genres: []),
        ])
    }

    @Test("C07: finds data_release/, reads tstamp text as UTC, drops NA and -1, keeps the later re-rating")
    func c07() throws {
        let dataset = try DatasetLoader.load(directory: SharedFolder.caseInput("C07"))
        #expect(dataset.layout == .belief2024)
        #expect(dataset.name == "C07")
        let expected = try expectedRows("C07", "expected_ratings.tsv")
            .filter { $0[0] != "(dropped)" }
            .map { "\($0[0]) \($0[1]) \(Float($0[2])!) \($0[3])" }
        let loaded = (0..<dataset.ratings.count).map { r in
            "\(dataset.ratings.userIDs[r]) \(dataset.ratings.movieIDs[r]) \(dataset.ratings.values[r]) \(utc(dataset.ratings.timestamps[r]))"
        }
        #expect(loaded == expected)
        #expect(dataset.cleaning.ratingRowsRead == 8)
        #expect(dataset.cleaning.movieRowsRead == 6)
        #expect(dataset.cleaning.dropped == [.missingRating: 1, .outOfRangeRating: 1, .duplicatePair: 1])
        #expect(dataset.cleaning.examples == [
            "data_release/user_rating_history.csv:7: rating is missing ('NA')",
            "data_release/user_rating_history.csv:8: rating '-1' is outside 0.5–5",
            "data_release/user_rating_history.csv:5: user 7002 rated movie 113741 again; kept line 6 (latest timestamp)",
        ])
        #expect(dataset.catalog.movie(id: 196567)?.genres == [])
    }

    @Test("C07: the data_release folder itself loads the same ratings")
    func c07DataRelease() throws {
        let parent = try DatasetLoader.load(directory: SharedFolder.caseInput("C07"))
        let inner = try DatasetLoader.load(directory: SharedFolder.caseInput("C07").appendingPathComponent("data_release"))
        #expect(inner.layout == .belief2024)
        #expect(inner.name == "C07")
        #expect(inner.ratings.values == parent.ratings.values)
        #expect(inner.ratings.timestamps == parent.ratings.timestamps)
        #expect(inner.cleaning.examples.first == "user_rating_history.csv:7: rating is missing ('NA')")
    }
}
