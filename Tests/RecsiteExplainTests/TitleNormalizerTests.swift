@testable import RecsiteExplain
import Testing

@Suite("Title normalisation")
struct TitleNormalizerTests {
    @Test("the natural-order key ignores case, punctuation, accents, the year and the article's place",
          arguments: [
              ("The Matrix", "the matrix"),
              ("Matrix, The (1999)", "the matrix"),
              ("matrix, the", "the matrix"),
              ("Misérables, Les (1995)", "les miserables"),
              ("Les Misérables", "les miserables"),
              ("Ciudad, La (1998)", "la ciudad"),
              ("Enfer, L' (1994)", "lenfer"),
              ("L’Enfer", "lenfer"),
              ("Schindler’s List", "schindlers list"),
              ("Schindler's List (1993)", "schindlers list"),
              ("L.A. Confidential (1997)", "la confidential"),
              ("Truth About Cats & Dogs, The (1996)", "the truth about cats and dogs"),
              ("Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)", "amelie"),
              ("Æon Flux (2005)", "aeon flux"),
              ("Star Wars: Episode IV - A New Hope (1977)", "star wars episode iv a new hope"),
              ("Paris, Texas (1984)", "paris texas"),
              ("Die Hard (1988)", "die hard"),
          ])
    func canonicalKey(_ title: String, _ key: String) {
        #expect(TitleNormalizer.canonicalKey(title) == key)
    }

    @Test("a catalog title is indexed as written, in natural order, without its article, and under its aka names")
    func variants() {
        #expect(TitleNormalizer.variants(of: "Matrix, The (1999)") == ["matrix the", "the matrix", "matrix"])
        #expect(TitleNormalizer.variants(of: "Queen Margot (Reine Margot, La) (1994)")
            == ["queen margot reine margot la", "queen margot", "reine margot la", "la reine margot", "reine margot"])
        #expect(TitleNormalizer.variants(of: "Seven (a.k.a. Se7en) (1995)") == ["seven aka se7en", "seven", "se7en"])
        #expect(TitleNormalizer.variants(of: "Die Hard (1988)") == ["die hard"])
        #expect(TitleNormalizer.variants(of: "A Bug's Life (1998)") == ["a bugs life", "bugs life"])
    }

    @Test("splits a trailing year, a series' first year, and nothing else")
    func years() {
        #expect(TitleNormalizer.splitYear("Heat (1995)") == ("Heat", 1995))
        #expect(TitleNormalizer.splitYear("Fawlty Towers (1975-1979) ") == ("Fawlty Towers", 1975))
        #expect(TitleNormalizer.splitYear("Heat") == ("Heat", nil))
        #expect(TitleNormalizer.splitYear("Blade Runner (Final Cut)") == ("Blade Runner (Final Cut)", nil))
    }
}

@Suite("TitleIndex")
struct TitleIndexTests {
    let index = GroundingTestFixtures.index
    func ids(_ text: String) -> [Int] { index.movies(titled: text).map { GroundingTestFixtures.catalog[$0].id } }

    @Test("finds a title whatever form the text writes it in",
          arguments: [
              ("The Matrix", 20), ("Matrix, The (1999)", 20), ("matrix", 20), ("THE MATRIX (1999)", 20),
              ("Les Misérables", 21), ("Les Miserables", 21), ("Misérables", 21), ("misérables, les", 21),
              ("La Ciudad", 22), ("La Reine Margot", 23), ("Queen Margot", 23), ("L'Enfer", 24),
              ("The Terminator", 25), ("Terminator (1984)", 25), ("Heat", 6), ("Se7en", 34), ("Amelie", 35),
              ("Schindler’s List", 33),
          ])
    func finds(_ text: String, _ id: Int) {
        #expect(ids(text) == [id])
    }

    @Test("a title shared by two ids finds both, in id order; a missing title finds nothing")
    func ambiguousAndMissing() {
        #expect(ids("Chasing Amy") == [246, 268])
        #expect(ids("Blade Runner").isEmpty)
        #expect(ids("Toy").isEmpty)
    }

    @Test("genre names and recsite's own words are vocabulary, not titles")
    func vocabulary() {
        #expect(index.vocabulary.contains("sci fi"))
        #expect(index.vocabulary.contains("sci"))
        #expect(index.vocabulary.contains("crime"))
        #expect(index.vocabulary.contains("collaborative filtering"))
        #expect(index.vocabulary.contains("why these movies"))
        #expect(!index.vocabulary.contains("casino"))
    }

    @Test("stores each key and each proper prefix once")
    func prefixes() {
        #expect(index.hasKey(orPrefix: "toy"))
        #expect(index.movies(forKey: "toy").isEmpty)
        #expect(index.hasKey(orPrefix: "sense and"))
        #expect(!index.hasKey(orPrefix: "sense or"))
    }
}
