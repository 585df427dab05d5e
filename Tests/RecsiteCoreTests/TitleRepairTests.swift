import Foundation
import Testing
import RecsiteCore
import RecsiteTestSupport

/// Movie rows kept after a repair: empty titles, control characters, one bad byte in a UTF-8 file.
@Suite("Title repairs")
struct TitleRepairTests {
    private func load(movies: [UInt8], strict: Bool = false) throws -> Dataset {
        let folder = try TemporaryDirectory(prefix: "recsite-repair")
        defer { folder.remove() }
        try folder.write("movies.csv", bytes: Array("movieId,title,genres\n".utf8) + movies)
        try folder.write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4,1\n1,2,3,2\n2,3,5,3\n2,1,2,4\n")
        return try DatasetLoader.load(directory: folder.url, strict: strict)
    }

    @Test("an empty title gets a placeholder and is counted; strict mode stops on it")
    func emptyTitle() throws {
        let rows = Array("1,,Drama\n2,Heat (1995),Crime\n3,  ,Comedy\n".utf8)
        let dataset = try load(movies: rows)
        #expect(dataset.catalog.movie(id: 1)?.title == "Untitled (movie 1)")
        #expect(dataset.catalog.movie(id: 3)?.title == "Untitled (movie 3)")
        #expect(dataset.catalog.movie(id: 1)?.genres == ["Drama"])
        #expect(dataset.cleaning.repaired == [.emptyTitle: 2])
        #expect(dataset.cleaning.examples.contains("movies.csv:2: movie 1 has no title; shown as “Untitled (movie 1)”"))
        #expect(dataset.ratings.count == 4)
        #expect(throws: CoreError.malformedRow(file: "movies.csv", line: 2, reason: "movie 1 has no title; shown as “Untitled (movie 1)”")) {
            try load(movies: rows, strict: true)
        }
    }

    @Test("control characters and NUL leave titles; spaces fold; strict mode keeps going")
    func controlCharacters() throws {
        let rows = Array("1,Ctrl ".utf8) + [0x01, 0x07, 0x1B] + Array("[31m red ".utf8) + [0x7F] + Array(" (1990),Drama\n2,Nul".utf8)
            + [0x00] + Array("Byte (1991),Drama\n3,\"Line\nbreak\tand tab (1992)\",Drama\n".utf8)
        for strict in [false, true] {
            let dataset = try load(movies: rows, strict: strict)
            #expect(dataset.catalog.movie(id: 1)?.title == "Ctrl [31m red (1990)")
            #expect(dataset.catalog.movie(id: 1)?.year == 1990)
            #expect(dataset.catalog.movie(id: 2)?.title == "NulByte (1991)")
            #expect(dataset.catalog.movie(id: 3)?.title == "Line break and tab (1992)")
            #expect(dataset.cleaning.repaired == [.controlCharacters: 2])
        }
    }

    @Test("one bad byte in a UTF-8 file costs only its own field: read as Latin-1 and reported; strict stops")
    func mixedEncoding() throws {
        let rows = Array("1,Amélie (2001),Drama\n2,Naïve (2002),Drama\n3,Bad ".utf8) + [0xFF] + Array(" byte (1990),Drama\n".utf8)
        let dataset = try load(movies: rows)
        #expect(dataset.catalog.movie(id: 1)?.title == "Amélie (2001)")
        #expect(dataset.catalog.movie(id: 2)?.title == "Naïve (2002)")
        #expect(dataset.catalog.movie(id: 3)?.title == "Bad ÿ byte (1990)")
        #expect(dataset.cleaning.repaired == [.latin1Field: 1])
        #expect(throws: CoreError.self) { try load(movies: rows, strict: true) }
    }

    @Test("a Latin-1 file (C01's u.item) is read as Latin-1 throughout, with nothing to report")
    func latin1File() throws {
        let rows = Array("1,\"Mis".utf8) + [0xE9] + Array("rables, Les (1995)\",Drama\n2,".utf8) + [0xC1] + Array(" k".utf8) + [0xF6]
            + Array("ldum klaka (1994),Comedy\n3,Heat (1995),Crime\n".utf8)
        let dataset = try load(movies: rows)
        #expect(dataset.catalog.movie(id: 1)?.title == "Misérables, Les (1995)")
        #expect(dataset.catalog.movie(id: 2)?.title == "Á köldum klaka (1994)")
        #expect(dataset.cleaning.repaired.isEmpty)
    }
}
