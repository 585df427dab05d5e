/// The one place text becomes HTML: every string from data or a model passes through here.
package enum HTMLEscaping {
    /// Escapes `& < > " '` so text is safe both in element content and in quoted attribute values,
    /// and drops control characters (C0 but tab and line ends, DEL, C1), which have no place in a page.
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value): continue
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension HTMLEscaping {
    /// Schemes a link from untrusted text may carry. Everything else (javascript:, vbscript:,
    /// data:, file:, and any scheme a future browser invents) is refused: an allow-list
    /// cannot be bypassed by a scheme nobody thought to block.
    package static let allowedLinkSchemes: Set<String> = ["http", "https", "mailto"]

    /// Whether `url` may be emitted as an `href`: a relative reference (path, `?query`,
    /// `#fragment`, `//host` network path) or an absolute URL whose scheme is in
    /// ``allowedLinkSchemes``.
    ///
    /// The scheme is read the way a browser reads it (WHATWG URL): ASCII tab and newlines
    /// removed anywhere, leading/trailing C0 controls and spaces trimmed, case folded. So
    /// `JaVaScRiPt:`, ` javascript:` and `java\tscript:` are all recognised as `javascript`.
    /// A `:` before any `/`, `?` or `#` means "has a scheme"; even text that is not a valid
    /// scheme then counts as one and is refused, rather than guessing how a browser treats it.
    package static func isAllowedLinkURL(_ url: String) -> Bool {
        var scalars = url.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }[...]
        let isTrimmed: (Unicode.Scalar) -> Bool = { $0.value <= 0x20 }
        while let first = scalars.first, isTrimmed(first) { scalars.removeFirst() }
        var scheme = ""
        for scalar in scalars {
            switch scalar {
            case ":":
                return allowedLinkSchemes.contains(scheme.lowercased())
            case "/", "?", "#":
                return true
            default:
                scheme.unicodeScalars.append(scalar)
            }
        }
        return true
    }
}
