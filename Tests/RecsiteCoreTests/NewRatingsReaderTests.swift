import Foundation
import Testing
import RecsiteCore
import RecsiteTestSupport

@Suite("NewRatingsReader")
struct NewRatingsReaderTests {
    static let catalog = ModelFixtures.catalog(ids: [1, 2, 3])

    func read(_ text: String, strict: Bool = false) throws -> NewRatingsReader.Result {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = try folder.write("new.csv", text)
        return try NewRatingsReader.read(file, name: "new.csv", catalog: Self.catalog, moviesFile: "movies.csv", strict: strict)
    }

    @Test("reads userId,movieId,rating[,timestamp] by header name, in any column order")
    func readsColumns() throws {
        let result = try read("rating,movieId,userId\n4.5,1,900\n3,2,900\n")
        #expect(result.ratings.userIDs == [900, 900])
        #expect(result.ratings.movieIDs == [1, 2])
        #expect(result.ratings.values == [4.5, 3])
        #expect(result.cleaning.totalDropped == 0)
    }

    @Test("skips and counts a bad row with file, line and reason", arguments: [
        ("900,1,4,0\n900,ten,4,0\n", "new.csv:3: movie id 'ten' is not a whole number from 0 to 2147483647"),
        ("900,1,4,0\n900,2,9,0\n", "new.csv:3: rating '9' is outside 0.5–5"),
        ("900,1,4,0\n900,99,4,0\n", "new.csv:3: movie 99 is not in movies.csv"),
        ("900,1,4,0\n900,2,4\n", "new.csv:3: expected 4 fields like the header, found 3"),
    ])
    func badRow(rows: String, example: String) throws {
        let result = try read("userId,movieId,rating,timestamp\n" + rows)
        #expect(result.ratings.count == 1)
        #expect(result.cleaning.totalDropped == 1)
        #expect(result.cleaning.examples == [example])
        let error = #expect(throws: CoreError.self) { try read("userId,movieId,rating,timestamp\n" + rows, strict: true) }
        #expect(error.map { "\($0)" } == example)
    }

    @Test("a pair given twice keeps the latest rating")
    func duplicates() throws {
        let result = try read("userId,movieId,rating,timestamp\n900,1,2,200\n900,1,5,100\n")
        #expect(result.ratings.values == [2])
        #expect(result.cleaning.examples == ["new.csv:3: user 900 rated movie 1 again; kept line 2 (latest timestamp)"])
    }

    @Test("a file without the header names the columns it needs")
    func noHeader() throws {
        let error = #expect(throws: CoreError.self) { try read("900,1,4\n") }
        #expect(error == .malformedRow(file: "new.csv", line: 1,
                                       reason: "the header has no user id column ('userId' or 'user_id'); found '900,1,4'"))
    }

    @Test("a file with no usable row is an error, not an empty fold-in")
    func nothingUsable() throws {
        let error = #expect(throws: CoreError.self) { try read("userId,movieId,rating\n900,99,4\n") }
        #expect(error == .noRatings(source: "new.csv"))
    }
}
