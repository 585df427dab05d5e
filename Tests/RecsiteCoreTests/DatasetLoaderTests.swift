import Foundation
import Testing
@testable import RecsiteCore
import RecsiteTestSupport

/// A bad ratings row, the reason it is dropped for, and the message that names it.
struct BadRow: Sendable, CustomTestStringConvertible {
    var row: String
    var reason: DropReason
    var message: String

    var testDescription: String { "\(row) → \(reason)" }
}

/// Writes a two-movie catalog and a ratings.csv of a good row followed by `rows`.
private func writeCSV(_ write: FixtureWriter, ratings rows: [String]) throws {
    try write.lines("movies.csv", ["movieId,title,genres", "10,Ten (1990),Drama", "20,Twenty (2000),Comedy"])
    try write.lines("ratings.csv", ["userId,movieId,rating,timestamp", "1,10,4.0,100"] + rows)
}

@Suite("DatasetLoader: cleaning rules, strict mode and errors")
struct DatasetLoaderTests {
    static let badRows: [BadRow] = [
        BadRow(row: "1,20,abc,100", reason: .invalidRating, message: "rating 'abc' is not a number"),
        BadRow(row: "1,20,NaN,100", reason: .outOfRangeRating, message: "rating 'NaN' is outside 0.5–5"),
        BadRow(row: "1,20,inf,100", reason: .outOfRangeRating, message: "rating 'inf' is outside 0.5–5"),
        BadRow(row: "1,20,0.4,100", reason: .outOfRangeRating, message: "rating '0.4' is outside 0.5–5"),
        BadRow(row: "1,20,5.5,100", reason: .outOfRangeRating, message: "rating '5.5' is outside 0.5–5"),
        BadRow(row: "1,20,,100", reason: .missingRating, message: "rating is missing ('')"),
        BadRow(row: "1,20,NA,100", reason: .missingRating, message: "rating is missing ('NA')"),
        BadRow(row: "1,99,4.0,100", reason: .unknownMovie, message: "movie 99 is not in movies.csv"),
        BadRow(row: "1,20,4.0", reason: .malformedRow, message: "expected 4 fields like the header, found 3"),
        BadRow(row: "1,20,4.0,100,x", reason: .malformedRow, message: "expected 4 fields like the header, found 5"),
        BadRow(row: "2147483648,20,4.0,100", reason: .malformedRow,
               message: "user id '2147483648' is not a whole number from 0 to 2147483647"),
        BadRow(row: "1,-20,4.0,100", reason: .malformedRow, message: "movie id '-20' is not a whole number from 0 to 2147483647"),
        BadRow(row: "1,20,4.0,yesterday", reason: .malformedRow,
               message: "timestamp 'yesterday' is neither epoch seconds nor a YYYY-MM-DD HH:MM:SS date"),
        BadRow(row: "1,\"20\"x,4.0,100", reason: .malformedRow, message: "characters follow a closing quote before the next comma"),
    ]

    @Test("skips a bad row, counts it by reason and keeps a file:line example", arguments: badRows)
    func skipsAndCounts(bad: BadRow) throws {
        try withFixtureFolder { folder, write in
            try writeCSV(write, ratings: [bad.row])
            let dataset = try DatasetLoader.load(directory: folder.url)
            #expect(ratingLines(dataset.ratings) == ["1 10 4.0 100"])
            #expect(dataset.cleaning.ratingRowsRead == 2)
            #expect(dataset.cleaning.dropped == [bad.reason: 1])
            #expect(dataset.cleaning.examples == ["ratings.csv:3: \(bad.message)"])
        }
    }

    @Test("in strict mode the first bad row throws malformedRow with file, line and reason", arguments: badRows)
    func strictThrows(bad: BadRow) throws {
        try withFixtureFolder { folder, write in
            try writeCSV(write, ratings: [bad.row, "2,abc,1,1"])
            #expect(throws: CoreError.malformedRow(file: "ratings.csv", line: 3, reason: bad.message)) {
                try DatasetLoader.load(directory: folder.url, strict: true)
            }
        }
    }

    @Test("prints a strict-mode error as 'file:line: reason'")
    func strictMessage() throws {
        try withFixtureFolder { folder, write in
            try writeCSV(write, ratings: ["1,20,abc,100"])
            let error = #expect(throws: CoreError.self) { try DatasetLoader.load(directory: folder.url, strict: true) }
            #expect(error?.description == "ratings.csv:3: rating 'abc' is not a number")
        }
    }

    @Test("keeps the latest of repeated (user, movie) pairs, the later row on a tie, in file order")
    func duplicatesKeepLatest() throws {
        try withFixtureFolder { folder, write in
            try writeCSV(write, ratings: [
                "2,20,2.0,100", "3,10,1.0,50", "2,20,4.0,300", "3,10,5.0,50", "2,20,3.0,200", "1,20,2.5,7",
            ])
            let dataset = try DatasetLoader.load(directory: folder.url)
            #expect(ratingLines(dataset.ratings) == ["1 10 4.0 100", "2 20 4.0 300", "3 10 5.0 50", "1 20 2.5 7"])
            #expect(dataset.cleaning.dropped == [.duplicatePair: 3])
            #expect(dataset.cleaning.examples == [
                "ratings.csv:3: user 2 rated movie 20 again; kept line 5 (latest timestamp)",
                "ratings.csv:7: user 2 rated movie 20 again; kept line 5 (latest timestamp)",
                "ratings.csv:4: user 3 rated movie 10 again; kept line 6 (latest timestamp)",
            ])
        }
    }

    @Test("keeps the latest re-rating also when user ids are too sparse for a counting sort")
    func duplicatesWithSparseIDs() throws {
        try withFixtureFolder { folder, write in
            try writeCSV(write, ratings: ["2000000000,20,2.0,100", "7,20,1.0,1", "2000000000,20,3.5,90", "2000000000,20,4.5,100"])
            let dataset = try DatasetLoader.load(directory: folder.url)
            #expect(ratingLines(dataset.ratings) == ["1 10 4.0 100", "7 20 1.0 1", "2000000000 20 4.5 100"])
            #expect(dataset.cleaning.examples == [
                "ratings.csv:3: user 2000000000 rated movie 20 again; kept line 6 (latest timestamp)",
                "ratings.csv:5: user 2000000000 rated movie 20 again; kept line 6 (latest timestamp)",
            ])
        }
    }

    @Test("resolves re-ratings in strict mode instead of failing")
    func duplicatesInStrictMode() throws {
        try withFixtureFolder { folder, write in
            try writeCSV(write, ratings: ["1,10,2.0,50"])
            let dataset = try DatasetLoader.load(directory: folder.url, strict: true)
            #expect(ratingLines(dataset.ratings) == ["1 10 4.0 100"])
            #expect(dataset.cleaning.dropped == [.duplicatePair: 1])
        }
    }

    @Test("drops a rating of a movie that is not in the catalog")
    func unknownMovie() throws {
        try withFixtureFolder { folder, write in
            try writeCSV(write, ratings: ["5,30,3.0,1", "5,20,3.0,2"])
            let dataset = try DatasetLoader.load(directory: folder.url)
            #expect(ratingLines(dataset.ratings) == ["1 10 4.0 100", "5 20 3.0 2"])
            #expect(dataset.cleaning.dropped == [.unknownMovie: 1])
            #expect(dataset.cleaning.examples == ["ratings.csv:3: movie 30 is not in movies.csv"])
        }
    }

    @Test("counts bad movie rows, including a repeated id, and keeps the first")
    func badMovieRows() throws {
        try withFixtureFolder { folder, write in
            try write.lines("movies.csv", [
                "movieId,title,genres", "10,Ten (1990),Drama", "10,Ten again,Comedy", "x,Bad id,Drama", "11,Short",
            ])
            try write.lines("ratings.csv", ["userId,movieId,rating,timestamp", "1,10,4.0,100"])
            let dataset = try DatasetLoader.load(directory: folder.url)
            #expect(dataset.catalog.movies == [Movie(id: 10, title: "Ten (1990)", year: 1990, genres: ["Drama"])])
            #expect(dataset.cleaning.movieRowsRead == 4)
            #expect(dataset.cleaning.dropped == [.malformedRow: 3])
            #expect(dataset.cleaning.examples == [
                "movies.csv:3: movie 10 appears again (first on line 2); the first row was kept",
                "movies.csv:4: movie id 'x' is not a whole number from 0 to 2147483647",
                "movies.csv:5: expected 3 fields like the header, found 2",
            ])
        }
    }

    @Test("in strict mode a bad movie row throws with the movies file's name and line")
    func strictMovieRow() throws {
        try withFixtureFolder { folder, write in
            try write.lines("movies.dat", ["10::Ten (1990)::Drama", "11::Eleven (1991)"])
            try write.lines("ratings.dat", ["1::10::4::100"])
            #expect(throws: CoreError.malformedRow(
                file: "movies.dat", line: 2, reason: "expected 3 fields separated by '::' (id, title, genres), found 2")) {
                try DatasetLoader.load(directory: folder.url, strict: true)
            }
        }
    }

    @Test("names the expected layouts when a folder matches none")
    func unknownLayout() throws {
        try withFixtureFolder { folder, write in
            try write.lines("notes.txt", ["hello"])
            try write.lines("ratings.json", ["[]"])
            try write.lines("extra/movies.csv", ["movieId,title,genres"])
            let error = #expect(throws: CoreError.self) { try DatasetLoader.load(directory: folder.url) }
            let path = folder.url.standardizedFileURL.path
            #expect(error == .unknownLayout(directory: path, found: ["extra/", "notes.txt", "ratings.json"]))
            let description = error?.description ?? ""
            #expect(description.hasPrefix("\(path) holds no MovieLens data set I can read (found: extra/, notes.txt, ratings.json)."))
            for layout in DatasetLayout.allCases {
                #expect(description.contains("  - \(layout.summary)"))
            }
        }
    }

    @Test("reports a missing folder as unreadable")
    func missingFolder() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/recsite-\(UUID().uuidString)")
        #expect(throws: CoreError.unreadableFile(path: missing.path, reason: "no such folder")) {
            try DatasetLoader.load(directory: missing)
        }
    }

    @Test("an empty or header-only ratings file gives noRatings, not a crash", arguments: [[], ["userId,movieId,rating,timestamp"]])
    func emptyRatings(lines: [String]) throws {
        try withFixtureFolder { folder, write in
            try write.lines("movies.csv", ["movieId,title,genres", "10,Ten (1990),Drama"])
            try write.lines("ratings.csv", lines)
            #expect(throws: CoreError.noRatings(source: "ratings.csv")) { try DatasetLoader.load(directory: folder.url) }
        }
    }

    @Test("an empty movies file is an error naming the file")
    func emptyMovies() throws {
        try withFixtureFolder { folder, write in
            try write.lines("u.item", [])
            try write.lines("u.data", ["1\t1\t4\t100"])
            let path = folder.url.standardizedFileURL.appendingPathComponent("u.item").path
            #expect(throws: CoreError.unreadableFile(path: path, reason: "it holds no movie rows")) {
                try DatasetLoader.load(directory: folder.url)
            }
        }
    }

    @Test("throws noRatings when every row is dropped")
    func allDropped() throws {
        try withFixtureFolder { folder, write in
            try write.lines("movies.csv", ["movieId,title,genres", "10,Ten (1990),Drama"])
            try write.lines("ratings.csv", ["userId,movieId,rating,timestamp", "1,10,NA,1", "1,11,4,1"])
            #expect(throws: CoreError.noRatings(source: "ratings.csv")) { try DatasetLoader.load(directory: folder.url) }
        }
    }

    @Test("a ratings file without a usable header names the missing column")
    func missingHeader() throws {
        try withFixtureFolder { folder, write in
            try write.lines("movies.csv", ["movieId,title,genres", "10,Ten (1990),Drama"])
            try write.lines("ratings.csv", ["1,10,4.0,100"])
            #expect(throws: CoreError.malformedRow(
                file: "ratings.csv", line: 1,
                reason: "the header has no user id column ('userId' or 'user_id'); found '1,10,4.0,100'")) {
                try DatasetLoader.load(directory: folder.url)
            }
        }
    }
}
