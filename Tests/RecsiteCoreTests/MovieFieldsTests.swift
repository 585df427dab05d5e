import Testing
@testable import RecsiteCore

@Suite("MovieFields: years and genre lists")
struct MovieFieldsTests {
    @Test("reads the year from a trailing (YYYY) and leaves other titles without one", arguments: [
        ("Toy Story (1995)", 1995 as Int?), ("Misérables, Les (1995)", 1995), ("Hostel (2005) ", 2005),
        ("Babylon 5 (1993-1998)", 1993), ("Cosmos", nil), ("unknown", nil), ("Brazil (1985) (Director's cut)", nil),
        ("1984 (1984)", 1984), ("Blade Runner (Final Cut)", nil), ("Short (95)", nil),
    ])
    func titleYear(title: String, year: Int?) {
        #expect(MovieFields.year(fromTitle: title) == year)
    }

    @Test("reads the year of an ml-100k release date", arguments: [
        ("01-Jan-1995", 1995 as Int?), ("12-Oct-1997", 1997), ("", nil), ("soon", nil),
    ])
    func releaseDateYear(date: String, year: Int?) {
        #expect(MovieFields.year(fromReleaseDate: date) == year)
    }

    @Test("reads a RecBole release_year and ignores text such as 'unkonwn'", arguments: [
        ("1995", 1995 as Int?), (" 2001 ", 2001), ("unkonwn", nil), ("", nil), ("19951", nil),
    ])
    func yearField(field: String, year: Int?) {
        #expect(MovieFields.year(fromYearField: field) == year)
    }

    @Test("turns no-genre sentinels and empty cells into an empty list", arguments: [
        "(no genres listed)", "", "  ", "nan", "unknown", "||",
    ])
    func noGenres(cell: String) {
        #expect(MovieFields.genres(cell, separator: "|") == [])
    }

    @Test("splits genre cells on the layout's separator")
    func genreLists() {
        #expect(MovieFields.genres("Adventure|Children|Fantasy", separator: "|") == ["Adventure", "Children", "Fantasy"])
        #expect(MovieFields.genres("Animation Children's Comedy", separator: " ") == ["Animation", "Children's", "Comedy"])
    }
}
