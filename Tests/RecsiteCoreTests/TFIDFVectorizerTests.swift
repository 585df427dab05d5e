import Testing
import RecsiteCore

@Suite("TFIDFVectorizer")
struct TFIDFVectorizerTests {
    let vectorizer = TFIDFVectorizer()

    @Test("titles are lowercased, accent-folded and stripped of punctuation", arguments: [
        ("Misérables, Les (1995)", "miserables les 1995"),
        ("Á köldum klaka (Cold Fever) (1994)", "a koldum klaka cold fever 1994"),
        ("Face/Off (1997)", "faceoff 1997"),
        ("Star Wars: Episode V - The Empire Strikes Back (1980)", "star wars episode v  the empire strikes back 1980"),
        ("Straße Æon Ørsted", "strasse aeon orsted"),
        ("Брат (1997)", "брат 1997"),
    ])
    func titles(title: String, expected: String) {
        #expect(TFIDFVectorizer.normalizedTitle(title) == expected)
    }

    @Test("genres split like scikit-learn's token pattern: Sci-Fi → sci, fi; Children's → children")
    func genreTokens() {
        let movie = Movie(id: 1, title: "Toy Story (1995)", genres: ["Sci-Fi", "Children's", "Film-Noir"])
        let document = TFIDFVectorizer.document(for: movie)
        #expect(document == "toy story 1995 sci-fi children's film-noir")
        #expect(vectorizer.tokens(in: document) == ["toy", "story", "1995", "sci", "fi", "children", "film", "noir"])
    }

    @Test("stop words and one-character tokens are dropped; underscores and digits join words")
    func stopWords() {
        #expect(vectorizer.tokens(in: "it (1990) _x a1 9 m the story of us") == ["1990", "_x", "a1", "story"])
        #expect(EnglishStopWords.sorted.count == 318)
        #expect(EnglishStopWords.set.count == 318)
    }

    /// Documents and scikit-learn 1.9.1's output (`TfidfVectorizer(stop_words="english")`):
    ///   d0 "toy story 1995 animation children's comedy"
    ///   d1 "story of us the 1999 comedy drama"          (of, us, the are stop words)
    ///   d2 "it 1990"                                     (it is a stop word)
    ///   d3 "m"                                           (too short: empty document)
    /// n = 4; df = 2 for comedy and story, 1 for the rest.
    /// idf(df=1) = ln(5/2) + 1 = 1.916290731874155, idf(df=2) = ln(5/3) + 1 = 1.5108256237659907.
    /// d0: four terms at 1.91629 and two at 1.51083, norm √(4·1.91629² + 2·1.51083²) = 4.387923,
    ///     so 0.43671930987511215 and 0.3443145201184689.
    /// d1: two of each, norm √(2·1.91629² + 2·1.51083²) = 3.451018,
    ///     so 0.5552826649411127 and 0.43779123108611473.
    /// d2: one term, weight 1. d3: zero row.
    @Test("weights equal hand-computed smooth-idf, L2-normalised TF-IDF")
    func handComputed() {
        let fitted = vectorizer.fit([
            "toy story 1995 animation children's comedy", "story of us the 1999 comedy drama", "it 1990", "m",
        ])
        #expect(fitted.vocabulary == ["1990", "1995", "1999", "animation", "children", "comedy", "drama", "story", "toy"])
        #expect(fitted.idf.map { Float($0) } == [1, 1, 1, 1, 1, 2, 1, 2, 1].map {
            Float($0 == 1 ? 1.916290731874155 : 1.5108256237659907)
        })
        let m = fitted.matrix
        #expect(m.pointers == [0, 6, 10, 11, 11])
        #expect(m.columns == [1, 3, 4, 5, 7, 8, 2, 5, 6, 7, 0])
        let a0 = Float(0.43671930987511215), b0 = Float(0.3443145201184689)
        let a1 = Float(0.5552826649411127), b1 = Float(0.43779123108611473)
        #expect(m.values == [a0, a0, a0, b0, b0, a0, a1, b1, a1, b1, 1])
    }

    @Test("a corpus of only stop words and single letters gives an empty vocabulary, not an error")
    func emptyCorpus() {
        let fitted = vectorizer.fit(["it", "the", "m"])
        #expect(fitted.vocabulary.isEmpty)
        #expect(fitted.matrix.pointers == [0, 0, 0, 0])
        #expect(fitted.matrix.rowCount == 3)
    }
}
