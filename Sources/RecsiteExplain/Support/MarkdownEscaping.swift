import Foundation

/// Makes data (titles, genres) literal text inside Markdown we write ourselves: a title such as
/// `<script>` or `[x](javascript:alert(1))` must render as those characters, not as HTML or a link.
package enum MarkdownEscaping {
    /// Characters CommonMark/GFM could read as markup anywhere in a line (backslash first, so an
    /// existing backslash stays literal too).
    private static let significant: Set<Character> = ["\\", "*", "_", "[", "]", "<", ">", "`", "|"]

    /// `text` on one line with every Markdown-significant character backslash-escaped, and a
    /// leading `#` escaped so it cannot become a heading.
    package static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            let character = CharacterSet.controlCharacters.contains(scalar) ? " " : Character(scalar)
            if significant.contains(character) || (character == "#" && result.allSatisfy(\.isWhitespace)) {
                result.append("\\")
            }
            result.append(character)
        }
        return result
    }
}
