import RecsiteCore

/// The forms a catalog title may be written in, as comparison keys (``TitleTokenizer/key(_:)``).
///
/// MovieLens writes "Matrix, The (1999)", "Misérables, Les (1995)", "Queen Margot (Reine Margot, La)"
/// and "Seven (a.k.a. Se7en) (1995)"; a model writes "The Matrix", "Les Misérables", "Matrix" or copies
/// the catalog form. So every title is indexed under:
/// - the title as written, without its year ("matrix the");
/// - for each of its names (the main one and each trailing parenthesised one, "a.k.a." removed), the
///   natural order ("the matrix", "les miserables", "la reine margot") and the name without its
///   article ("matrix", "miserables");
/// - an English title that starts with an article ("The Matrix") also without it.
///
/// A foreign article is only moved or dropped when MovieLens put it at the end: "Die Hard" keeps its
/// "Die", which is a word there, not an article.
package enum TitleNormalizer {
    /// Articles MovieLens moves to the end of a title (", The", ", Les", ", L'").
    package static let trailingArticles: Set<String> = [
        "the", "a", "an", "les", "la", "le", "l'", "l’", "il", "i", "lo", "gli", "los", "las", "el",
        "das", "der", "die", "den", "det", "un", "une", "una", "uno", "ein", "eine", "het",
    ]

    /// English articles, dropped from the front of a title that starts with one.
    package static let englishArticles: Set<String> = ["the", "a", "an"]

    /// The natural-order key of a title, without year: "Matrix, The (1999)" and "The Matrix" both give
    /// "the matrix"; "Misérables, Les" gives "les miserables".
    package static func canonicalKey(_ title: String) -> String {
        let (body, _) = splitYear(Substring(title))
        let main = names(body).first ?? body
        return TitleTokenizer.key(naturalOrder(main).natural)
    }

    /// Every key `title` is indexed under, without duplicates, the as-written form first.
    package static func variants(of title: String) -> [String] {
        let (body, _) = splitYear(Substring(title))
        var keys: [String] = []
        func add(_ text: some StringProtocol) {
            let key = TitleTokenizer.key(text)
            if !key.isEmpty, !keys.contains(key) { keys.append(key) }
        }
        add(body)
        for name in names(body) {
            let (natural, bare) = naturalOrder(name)
            add(name)
            add(natural)
            if let bare { add(bare) }
        }
        return keys
    }

    /// Splits a trailing year — "(1995)", "(2007-2013)", "(2007–)" — off a title; the year is the first one.
    package static func splitYear(_ text: Substring) -> (title: Substring, year: Int?) {
        let trimmed = trimmedSpaces(text)
        guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "("),
              let year = MovieFields.year(fromTitle: String(trimmed[open...])) else { return (trimmed, nil) }
        return (trimmedSpaces(trimmed[..<open]), year)
    }

    /// The main name and every trailing parenthesised name: "Queen Margot (Reine Margot, La)" →
    /// ["Queen Margot", "Reine Margot, La"]; "a.k.a." and "aka" are removed from the front of a name.
    static func names(_ title: Substring) -> [Substring] {
        var rest = trimmedSpaces(title)
        var others: [Substring] = []
        while rest.hasSuffix(")"), let open = matchingOpen(rest), open > rest.startIndex {
            let inside = rest[rest.index(after: open)..<rest.index(before: rest.endIndex)]
            others.insert(withoutAKA(trimmedSpaces(inside)), at: 0)
            rest = trimmedSpaces(rest[..<open])
        }
        return [rest] + others.filter { !$0.isEmpty }
    }

    /// "Matrix, The" → ("The Matrix", "Matrix"); "The Matrix" → ("The Matrix", "Matrix");
    /// "Enfer, L'" → ("L'Enfer", "Enfer"); "Die Hard" → ("Die Hard", nil).
    static func naturalOrder(_ name: Substring) -> (natural: String, bare: String?) {
        if let comma = name.lastIndex(of: ",") {
            let article = trimmedSpaces(name[name.index(after: comma)...])
            let rest = trimmedSpaces(name[..<comma])
            if !rest.isEmpty, trailingArticles.contains(article.lowercased()) {
                let joiner = article.hasSuffix("'") || article.hasSuffix("’") ? "" : " "
                return (article + joiner + rest, String(rest))
            }
        }
        if let space = name.firstIndex(of: " "), englishArticles.contains(name[..<space].lowercased()) {
            let rest = trimmedSpaces(name[name.index(after: space)...])
            if !rest.isEmpty { return (String(name), String(rest)) }
        }
        return (String(name), nil)
    }

    private static func withoutAKA(_ name: Substring) -> Substring {
        for prefix in ["a.k.a. ", "a.k.a ", "aka "] where name.lowercased().hasPrefix(prefix) {
            return trimmedSpaces(name.dropFirst(prefix.count))
        }
        return name
    }

    /// The "(" that opens the group the text's final ")" closes.
    private static func matchingOpen(_ text: Substring) -> Substring.Index? {
        var depth = 0
        var index = text.endIndex
        while index > text.startIndex {
            index = text.index(before: index)
            if text[index] == ")" { depth += 1 }
            if text[index] == "(" {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    private static func trimmedSpaces(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
