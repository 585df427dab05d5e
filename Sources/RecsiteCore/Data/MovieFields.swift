/// Title, year and genre rules shared by every movies reader.
package enum MovieFields {
    /// Genre cells that mean "no genre": MovieLens's own sentinel, ml-100k's `unknown` flag
    /// (set only on movies with no other genre), and the `nan` a pandas export writes for an
    /// empty cell. Stored as genres they would link unrelated movies in content similarity.
    package static let noGenreSentinels: Set<String> = ["(no genres listed)", "unknown", "nan", "NaN"]

    /// The year of a title ending in `(1995)`, or `(2007-2013)` for a series (first year);
    /// trailing spaces are ignored. The title itself is never changed.
    package static func year(fromTitle title: String) -> Int? {
        var scalars = Array(title.unicodeScalars)
        while let last = scalars.last, last == " " { scalars.removeLast() }
        guard scalars.last == ")", let open = scalars.lastIndex(of: "(") else { return nil }
        let inside = scalars[(open + 1)..<(scalars.count - 1)]
        let digits = inside.prefix { ("0"..."9").contains($0) }
        guard digits.count == 4 else { return nil }
        let rest = inside.dropFirst(4)
        // Accept "(1995)", "(2007-2013)", "(2007–2013)" and "(2007- )"; nothing else.
        guard rest.isEmpty || rest.first == "-" || rest.first == "–" else { return nil }
        return Int(String(String.UnicodeScalarView(digits)))
    }

    /// The year of an ml-100k release date such as `01-Jan-1995`; nil when the field is empty.
    package static func year(fromReleaseDate date: String) -> Int? {
        guard let dash = date.lastIndex(of: "-") else { return nil }
        let tail = date[date.index(after: dash)...]
        guard tail.count == 4, tail.allSatisfy(\.isASCII) else { return nil }
        return Int(tail)
    }

    /// A release-year field (RecBole `release_year`); nil for text such as `unkonwn`.
    package static func year(fromYearField field: String) -> Int? {
        let trimmed = field.trimmingSpaces
        guard trimmed.count == 4, trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(trimmed)
    }

    /// A title with control characters (C0, DEL, C1: NUL, ESC, bells…) removed, line breaks and
    /// tabs turned into spaces, runs of spaces folded and the ends trimmed; `changed` says whether
    /// anything but trimming happened. Every page and prompt shows titles, so they are cleaned once here.
    package static func cleanTitle(_ title: String) -> (title: String, removedControls: Bool) {
        var out = String.UnicodeScalarView()
        var removed = false
        var lastWasSpace = true
        for scalar in title.unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            if isControl && !["\t", "\n", "\r"].contains(scalar) { removed = true; continue }
            if isControl || scalar == " " {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(scalar)
                lastWasSpace = false
            }
        }
        var text = String(out)
        while text.hasSuffix(" ") { text.removeLast() }
        return (text, removed)
    }

    /// Splits a genre cell (`Comedy|Drama`) and removes empty names and no-genre sentinels.
    package static func genres(_ cell: String, separator: Character) -> [String] {
        let trimmed = cell.trimmingSpaces
        if noGenreSentinels.contains(trimmed) { return [] }
        return trimmed.split(separator: separator)
            .map { String($0).trimmingSpaces }
            .filter { !$0.isEmpty && !noGenreSentinels.contains($0) }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
