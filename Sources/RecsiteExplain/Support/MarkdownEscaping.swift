import Foundation

/// Makes data (titles, genres) literal text inside Markdown we write ourselves: a title such as
/// `<script>` or `[x](javascript:alert(1))` must render as those characters, not as HTML or a link.
package enum MarkdownEscaping {
    /// Characters CommonMark/GFM could read as markup anywhere in a line (backslash first, so an
    /// existing backslash stays literal too): emphasis, links, images, HTML, code, tables,
    /// strikethrough and entity references.
    private static let significant: Set<Character> = ["\\", "*", "_", "[", "]", "<", ">", "`", "|", "~", "!", "&"]

    /// `text` on one line with every Markdown-significant character backslash-escaped, a leading
    /// `#` escaped so it cannot become a heading, and GFM's autolinks defused: a title holding
    /// `www.evil.example` or `https://evil.example` stays text, not a link. The autolink extension
    /// fires on `:` after a scheme and on `www.` at a word start, which no backslash escape stops,
    /// so those characters are written as numeric character references (`&#58;`, `&#119;`).
    package static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        var previous: Character = " "
        let scalars = Array(text.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            let character = CharacterSet.controlCharacters.contains(scalar) ? " " : Character(scalar)
            defer { previous = character }
            if character == ":" {
                result += "&#58;"
                continue
            }
            if (character == "w" || character == "W") && !(previous.isLetter || previous.isNumber)
                && i + 3 < scalars.count && String(String.UnicodeScalarView(scalars[(i + 1)...(i + 3)])).lowercased() == "ww." {
                result += character == "w" ? "&#119;" : "&#87;"
                continue
            }
            if character == "@" {
                result += "&#64;"
                continue
            }
            if significant.contains(character) || (character == "#" && result.allSatisfy(\.isWhitespace)) {
                result.append("\\")
            }
            result.append(character)
        }
        return result
    }
}
