import Foundation
import Testing
@testable import RecsiteCore
import RecsiteTestSupport

/// Runs `body` with a fresh folder and a writer for it, removing the folder afterwards.
func withFixtureFolder<R>(_ body: (TemporaryDirectory, FixtureWriter) throws -> R) throws -> R {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    return try body(directory, FixtureWriter(directory))
}

/// The kept ratings as `user movie rating timestamp` lines, in table order.
func ratingLines(_ ratings: RatingsTable) -> [String] {
    (0..<ratings.count).map { r in
        "\(ratings.userIDs[r]) \(ratings.movieIDs[r]) \(ratings.values[r]) \(ratings.timestamps[r])"
    }
}

@Suite("One reader per MovieLens layout, on synthetic files")
struct LayoutReaderTests {
    @Test("ml-100k: Latin-1 u.item with genre flags and a release-date year, tab-separated u.data")
    func ml100k() throws {
        try withFixtureFolder { folder, write in
            try write.latin1Lines("u.item", [
                FixtureWriter.uItemRow(id: 1, title: "Café Movie (1994)", flags: [1, 18]),
                FixtureWriter.uItemRow(id: 2, title: "Dated Only", date: "12-Oct-1997", flags: [8]),
                FixtureWriter.uItemRow(id: 3, title: "unknown", date: "", flags: [0]),
            ])
            try write.lines("u.data", ["10\t1\t5\t881250949", "10\t2\t1\t881250950", "11\t3\t3\t881250951"])
            let dataset = try DatasetLoader.load(directory: folder.url, name: "tiny")
            #expect(dataset.layout == .ml100k)
            #expect(dataset.name == "tiny")
            #expect(dataset.catalog.movies == [
                Movie(id: 1, title: "Café Movie (1994)", year: 1994, genres: ["Action", "Western"]),
                Movie(id: 2, title: "Dated Only", year: 1997, genres: ["Drama"]),
                Movie(id: 3, title: "unknown", year: nil, genres: []),
            ])
            #expect(ratingLines(dataset.ratings) == ["10 1 5.0 881250949", "10 2 1.0 881250950", "11 3 3.0 881250951"])
        }
    }

    @Test("ml-100k: a genre flag other than 0 or 1 drops the movie row with its line")
    func ml100kBadFlag() throws {
        try withFixtureFolder { folder, write in
            try write.lines("u.item", [
                FixtureWriter.uItemRow(id: 1, title: "Good (1995)", flags: [5]),
                FixtureWriter.uItemRow(id: 2, title: "Bad (1995)", flags: [5]).replacingOccurrences(of: "|1|", with: "|x|"),
            ])
            try write.lines("u.data", ["10\t1\t4\t881250949"])
            let dataset = try DatasetLoader.load(directory: folder.url)
            #expect(dataset.catalog.movies.map(\.id) == [1])
            #expect(dataset.cleaning.movieRowsRead == 2)
            #expect(dataset.cleaning.examples == ["u.item:2: genre flag Comedy is 'x', expected 0 or 1"])
        }
    }

    @Test("RecBole: typed headers, title kept without year, year from release_year, space-separated class")
    func recbole() throws {
        try withFixtureFolder { folder, write in
            try write.lines("mini.item", [
                "item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq",
                "1\tToy Story\t1995\tAnimation Children's Comedy",
                "267\tunkonwn\tunkonwn\tunknown",
            ])
            try write.lines("mini.inter", [
                "user_id:token\titem_id:token\trating:float\ttimestamp:float",
                "196\t1\t3\t881250949",
                "186\t267\t4.5\t891717742.0",
            ])
            let dataset = try DatasetLoader.load(directory: folder.url)
            #expect(dataset.layout == .recbole)
            #expect(dataset.catalog.movies == [
                Movie(id: 1, title: "Toy Story", year: 1995, genres: ["Animation", "Children's", "Comedy"]),
                Movie(id: 267, title: "unkonwn", year: nil, genres: []),
            ])
            #expect(ratingLines(dataset.ratings) == ["196 1 3.0 881250949", "186 267 4.5 891717742"])
        }
    }

    @Test("RecBole: the name picks NAME.inter when a folder holds several pairs")
    func recboleByName() throws {
        try withFixtureFolder { folder, write in
            for (stem, movie) in [("alpha", 1), ("beta", 2)] {
                try write.lines("\(stem).item", ["item_id:token\tmovie_title:token_seq", "\(movie)\tFilm \(stem)"])
                try write.lines("\(stem).inter", ["user_id:token\titem_id:token\trating:float", "7\t\(movie)\t4"])
            }
            let files = try DatasetFiles.locate(directory: folder.url, name: "beta")
            #expect(files.movies.name == "beta.item")
            #expect(files.ratings.name == "beta.inter")
            let dataset = try DatasetLoader.load(directory: folder.url, name: "beta")
            #expect(dataset.catalog.movies == [Movie(id: 2, title: "Film beta", year: nil, genres: [])])
            #expect(try DatasetFiles.locate(directory: folder.url).movies.name == "alpha.item")
        }
    }

    @Test("CSV: CRLF line ends, a BOM, and a quoted title with a comma")
    func csvCRLFAndBOM() throws {
        try withFixtureFolder { folder, write in
            try write.lines("movies.csv", [
                "movieId,title,genres",
                "11,\"American President, The (1995)\",Comedy|Drama|Romance",
                "12,Plain (2001),(no genres listed)",
            ], ending: .crlf, bom: true)
            try write.lines("ratings.csv", [
                "userId,movieId,rating,timestamp", "1,11,4.0,964982703", "1,12,0.5,964982704",
            ], ending: .crlf, bom: true)
            let dataset = try DatasetLoader.load(directory: folder.url)
            #expect(dataset.layout == .csv)
            #expect(dataset.catalog.movies == [
                Movie(id: 11, title: "American President, The (1995)", year: 1995, genres: ["Comedy", "Drama", "Romance"]),
                Movie(id: 12, title: "Plain (2001)", year: 2001, genres: []),
            ])
            #expect(ratingLines(dataset.ratings) == ["1 11 4.0 964982703", "1 12 0.5 964982704"])
            #expect(dataset.cleaning.totalDropped == 0)
        }
    }

    @Test("CSV: columns are found by header name, in any order")
    func csvColumnOrder() throws {
        try withFixtureFolder { folder, write in
            try write.lines("movies.csv", ["title,genres,movieId", "Heat (1995),Crime,6"])
            try write.lines("ratings.csv", ["timestamp,rating,movieId,userId", "100,4.5,6,3"])
            let dataset = try DatasetLoader.load(directory: folder.url)
            #expect(dataset.catalog.movies == [Movie(id: 6, title: "Heat (1995)", year: 1995, genres: ["Crime"])])
            #expect(ratingLines(dataset.ratings) == ["3 6 4.5 100"])
        }
    }

    @Test("dat: Latin-1 movies.dat split on '::' with a leading quote in a title")
    func dat() throws {
        try withFixtureFolder { folder, write in
            try write.latin1Lines("movies.dat", [
                "73::Misérables, Les (1995)::Drama|Musical", "51372::\"Great Performances\" Cats (1998)::Musical",
            ])
            try write.lines("ratings.dat", ["901::73::4::978300760", "902::51372::3::978300762"], ending: .crlf)
            let dataset = try DatasetLoader.load(directory: folder.url)
            #expect(dataset.layout == .dat)
            #expect(dataset.catalog.movies == [
                Movie(id: 73, title: "Misérables, Les (1995)", year: 1995, genres: ["Drama", "Musical"]),
                Movie(id: 51372, title: "\"Great Performances\" Cats (1998)", year: 1998, genres: ["Musical"]),
            ])
            #expect(ratingLines(dataset.ratings) == ["901 73 4.0 978300760", "902 51372 3.0 978300762"])
        }
    }

    @Test("ml_belief_2024: a 'timestamp' header with epoch integers, and an empty genres cell")
    func beliefEpoch() throws {
        try withFixtureFolder { folder, write in
            try write.lines("data_release/movies.csv", ["movieId,title,genres", "5,Five (2019),", "6,Six (2020),Drama"])
            try write.lines("data_release/user_rating_history.csv", [
                "userId,movieId,rating,timestamp", "1,5,3.5,1714945554", "1,6,4,2024-05-05 21:45:55",
            ])
            let dataset = try DatasetLoader.load(directory: folder.url)
            #expect(dataset.layout == .belief2024)
            #expect(dataset.catalog.movies == [
                Movie(id: 5, title: "Five (2019)", year: 2019, genres: []),
                Movie(id: 6, title: "Six (2020)", year: 2020, genres: ["Drama"]),
            ])
            #expect(ratingLines(dataset.ratings) == ["1 5 3.5 1714945554", "1 6 4.0 1714945555"])
        }
    }
}
