import RecsiteCore
@testable import RecsiteExplain
import Testing

@Suite("Grounding on crafted texts")
struct ExplanationGrounderTests {
    typealias F = GroundingTestFixtures

    @Test("classifies every title a crafted explanation names, with exact counts")
    func classifies() {
        let report = F.grounder.ground([
            .plain("Because you loved Heat (1995) and Toy Story, we picked Casino and Toy Story 2 (1999)."),
            .emphasis("The Matrix", following: ": a classic"),
            .plain("Fans of Les Misérables may also enjoy “Fargo” and Chasing Amy."),
            .emphasis("Blade Runner 3"),
            .plain("Star Wars fans might like it."),
        ], context: F.context)
        #expect(F.found(report) == [
            "Heat (1995) → inHistory 6", "Toy Story → inHistory 1", "Casino → inLists 16", "Toy Story 2 (1999) → inLists 2",
            "The Matrix → inLists 20",
            "Les Misérables → inHistory 21", "Fargo → outside 30", "Chasing Amy → inLists 268",
            "Blade Runner 3 → unverified",
            "Star Wars → outside 31",
        ])
        #expect(report.counts == GroundingCounts(inLists: 4, inHistory: 3, outside: 2, unverified: 1))
        // Rows exist for the lists and the liked table; Les Misérables was rated but is not shown.
        #expect(report.mentions.map(\.anchor) == ["m-6", "m-1", "m-16", "m-2", "m-20", nil, nil, "m-268", nil, nil])
    }

    @Test("a title named several times counts once")
    func distinctCounts() {
        let report = F.ground("Casino (1995) is dark. Casino is long. **Casino** again, and Heat (1995) twice: Heat.")
        #expect(report.mentions.count == 5)
        #expect(report.counts == GroundingCounts(inLists: 1, inHistory: 1))
    }

    @Test("tolerates the catalog's article-at-end form, a missing year and a different apostrophe")
    func tolerantForms() {
        let report = F.ground("Matrix, The (1999) and The Terminator (1984), then Terminator (1984); Schindler’s List too.")
        #expect(F.found(report) == [
            "Matrix, The (1999) → inLists 20", "The Terminator (1984) → outside 25", "Terminator (1984) → outside 25",
            "Schindler’s List → outside 33",
        ])
        #expect(report.counts == GroundingCounts(inLists: 1, outside: 2))
    }

    @Test("a year after a title's final dot or its aka name still dates it")
    func yearAfterDotOrAka() {
        let catalog = Catalog([
            Movie(id: 1, title: "I.Q. (1994)", year: 1994, genres: ["Comedy"]),
            Movie(id: 2, title: "My Life as a Dog (Mitt liv som hund) (1985)", year: 1985, genres: ["Drama"]),
        ])
        let report = ExplanationGrounder(index: TitleIndex(catalog: catalog))
            .ground([.plain("closest to I.Q. (1994) and My Life as a Dog (Mitt liv som hund) (1985); shares Drama")], context: .empty)
        #expect(report.mentions.map(\.mention.text) == ["I.Q. (1994)", "My Life as a Dog (Mitt liv som hund) (1985)"])
        #expect(report.mentions.map(\.movieIndex) == [0, 1])
    }

    @Test("a title that opens with a quotation is that title, not the quoted word plus an unverified rest")
    func titleOpeningWithQuote() {
        let catalog = Catalog([
            Movie(id: 1, title: "\"Great Performances\" Cats (1998)", year: 1998, genres: ["Musical"]),
            Movie(id: 2, title: "Symphony (1990)", year: 1990, genres: ["Drama"]),
            Movie(id: 3, title: "\"Symphony\" Rivers (1975)", year: 1975, genres: ["Drama"]),
        ])
        let report = ExplanationGrounder(index: TitleIndex(catalog: catalog)).ground(
            [.plain("closest to \"Symphony\" Rivers (1975) and \"Great Performances\" Cats (1998); also \"Symphony\" alone")],
            context: .empty)
        #expect(report.mentions.map(\.movieIndex) == [2, 0, 1])
        #expect(report.counts == GroundingCounts(outside: 3))
    }

    @Test("short and generic titles do not match ordinary words")
    func shortTitlesAreNotWords() {
        // It, M, 9 and Heat are titles; Saint is one too ("The Saint"), and here it is even on the page.
        let context = GroundingContext(listMovies: [F.at(29)], historyMovies: [F.at(6), F.at(26)], anchoredMovies: [])
        let report = F.ground(
            "It is a crime drama. M and 9 are ratings, not movies. I felt the heat of the day.",
            "Eva Marie Saint starred in a Heat Wave special; casino nights are fun; fargo is cold.",
            context: context)
        #expect(F.found(report) == [])
    }

    @Test("a short title counts when quoted or written with its year")
    func shortTitlesWithEvidence() {
        let report = F.ground("Try “It” and M (1931), or 9 (2009).")
        #expect(F.found(report) == ["It → inHistory 26", "M (1931) → outside 27", "9 (2009) → outside 28"])
    }

    @Test("a one-word title in running text counts only when the user's page has it")
    func oneWordTitlesNeedThePage() {
        #expect(F.found(F.ground("Like Heat, Casino is a crime epic. Fargo is colder.")) == [
            "Heat → inHistory 6", "Casino → inLists 16",
        ])
    }

    @Test("a known title that runs on into a longer dated one is that unknown title; two titles joined by 'and' stay two")
    func runsIntoDatedTitle() {
        #expect(F.found(F.ground("Next came Toy Story 4 (2019) and Heat 2 (2025).")) == [
            "Toy Story 4 (2019) → unverified", "Heat 2 (2025) → unverified",
        ])
        #expect(F.found(F.ground("Star Wars and Heat (1995) both work.")) == ["Star Wars → outside 31", "Heat (1995) → inHistory 6"])
    }

    @Test("a longer title wins over the shorter one it starts with")
    func longestMatch() {
        #expect(F.found(F.ground("Toy Story 2 is a sequel.")) == ["Toy Story 2 → inLists 2"])
    }

    @Test("an invented title is flagged as unverified when emphasised, quoted or given a year")
    func unverified() {
        let report = F.grounder.ground([
            .emphasis("Galactic Cowboys Return"),
            .plain("You may like “Neon Harbour” and Space Pirates (2031)."),
            GroundingSegment(text: "Blade Runner 3 (2020): a sequel", leadsListItem: true),
        ], context: F.context)
        #expect(F.found(report) == [
            "Galactic Cowboys Return → unverified", "Neon Harbour → unverified", "Space Pirates (2031) → unverified",
            "Blade Runner 3 (2020) → unverified",
        ])
        #expect(report.counts == GroundingCounts(unverified: 4))
    }

    @Test("labels, headings, genres, lowercase emphasis and names in running text are not flagged")
    func notFlagged() {
        let report = F.grounder.ground([
            .emphasis("Note", following: ": scores are scaled"),
            .emphasis("Strong CF Signal:"),
            .emphasis("Comedy"),
            .emphasis("Sci-Fi and Drama"),
            .emphasis("Collaborative Filtering (CF)"),
            .emphasis("Content Similarity Scores"),
            .emphasis("really"),
            GroundingSegment(text: "Why These Movies", inHeading: true),
            GroundingSegment(text: "Your Taste In Westerns", isWholeEmphasis: true, inHeading: true),
            .plain("Harrison Ford plays an astronaut, as Philip K. Dick wrote."),
            GroundingSegment(text: "Drama: 40% of the liked movies", leadsListItem: true),
            .plain("“cosy” is how some would put it"),
        ], context: F.context)
        #expect(F.found(report) == [])
    }

    @Test("a one-word emphasis counts inside a sentence, not when it opens a paragraph or labels one")
    func oneWordEmphasis() {
        let report = F.grounder.ground([
            .emphasis("Fargo", preceding: "you may enjoy ", following: " for its humour"),
            .emphasis("Fargo", following: ", overall, is cold"),
            .emphasis("Fargo", preceding: "and ", following: ": a label"),
        ], context: .empty)
        #expect(F.found(report) == ["Fargo → outside 30"])
        #expect(report.mentions.map(\.mention.segment) == [0])
    }

    @Test("a list item's lead is read whole: a one-word title the page shows")
    func listLead() {
        let context = GroundingContext(listMovies: [F.at(30)], historyMovies: [], anchoredMovies: [F.at(30)])
        let report = F.grounder.ground([GroundingSegment(text: "Fargo", leadsListItem: true)], context: context)
        #expect(F.found(report) == ["Fargo → inLists 30"])
        #expect(report.mentions.first?.mention.evidence == .listLead)
    }

    @Test("a lead cut at a title's own colon gives way to the whole title")
    func leadCutAtColon() {
        let catalog = Catalog([
            Movie(id: 1, title: "Star Wars (1977)", year: 1977, genres: ["Sci-Fi"]),
            Movie(id: 2, title: "Star Wars: Episode IV - A New Hope (1977)", year: 1977, genres: ["Sci-Fi"]),
        ])
        let grounder = ExplanationGrounder(index: TitleIndex(catalog: catalog))
        let report = grounder.ground([GroundingSegment(text: "Star Wars: Episode IV - A New Hope (1977): a classic", leadsListItem: true),
                                      GroundingSegment(text: "Star Wars: a classic", leadsListItem: true)], context: .empty)
        #expect(report.mentions.map(\.mention.text) == ["Star Wars: Episode IV - A New Hope (1977)", "Star Wars"])
        #expect(report.mentions.map(\.movieIndex) == [1, 0])
        #expect(report.mentions.map(\.mention.evidence) == [.year, .listLead])
    }

    @Test("an ambiguous title resolves to the copy on the user's page, else to the lowest id")
    func ambiguous() {
        #expect(F.found(F.ground("Chasing Amy (1997)")) == ["Chasing Amy (1997) → inLists 268"])
        let rated = GroundingContext(listMovies: [], historyMovies: [F.at(246)], anchoredMovies: [])
        #expect(F.found(F.ground("Chasing Amy (1997)", context: rated)) == ["Chasing Amy (1997) → inHistory 246"])
        #expect(F.found(F.ground("Chasing Amy (1997)", context: .empty)) == ["Chasing Amy (1997) → outside 246"])
    }

    @Test("a written year decides between two films of one title before the page does")
    func yearDecides() {
        let context = GroundingContext(listMovies: [F.at(486)], historyMovies: [F.at(274)], anchoredMovies: [])
        #expect(F.found(F.ground("Sabrina (1995), Sabrina (1954) and Sabrina.", context: context)) == [
            "Sabrina (1995) → inHistory 274", "Sabrina (1954) → inLists 486", "Sabrina → inLists 486",
        ])
    }

    @Test("an emphasised title with a rank and a colon, or followed by its year, still matches the span it names")
    func emphasisTrimming() {
        let report = F.grounder.ground([
            .emphasis("1. Casino:"),
            .emphasis("Heat", following: " (1995) is tense"),
        ], context: F.context)
        #expect(F.found(report) == ["Casino → inLists 16", "Heat → inHistory 6"])
        #expect(report.mentions[1].mention.year == 1995)
    }
}
