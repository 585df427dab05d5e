/// A run of text in a parsed Markdown document, handed to an annotator before rendering: the
/// literal of one text or inline-code node and where it sits. Text inside links, images, raw HTML
/// and code blocks is never handed out (it cannot hold a link, or is not prose).
package struct MarkdownTextSegment: Sendable, Equatable {
    /// The text as the reader sees it (entities decoded, backslash escapes removed).
    package var text: String
    /// Inside `*…*` or `**…**`.
    package var isEmphasised: Bool
    /// The whole content of its emphasis (`**Casino (1995)**`).
    package var isWholeEmphasis: Bool
    /// An inline code span.
    package var isCode: Bool
    package var inHeading: Bool
    /// The first text of a list item, or of the emphasis that starts one.
    package var leadsListItem: Bool
    /// For a whole emphasis: up to 16 characters of the text right before it ("" when it opens its block).
    package var preceding: String
    /// For a whole emphasis: up to 16 characters of the text right after it.
    package var following: String

    package init(text: String, isEmphasised: Bool, isWholeEmphasis: Bool, isCode: Bool, inHeading: Bool,
                 leadsListItem: Bool, preceding: String = "", following: String) {
        self.text = text; self.isEmphasised = isEmphasised; self.isWholeEmphasis = isWholeEmphasis; self.isCode = isCode
        self.inHeading = inHeading; self.leadsListItem = leadsListItem; self.preceding = preceding; self.following = following
    }
}

/// Markup to put around part of a ``MarkdownTextSegment``. The renderer builds the HTML from these
/// fields, escaping every one of them; the annotated text itself stays a text node that cmark escapes.
/// No annotation can carry markup of its own, so an annotator cannot make the output unsafe.
package struct MarkdownAnnotation: Sendable, Equatable {
    package enum Style: Sendable, Equatable {
        /// `<a class="…" href="#fragment" title="…">text</a>`; `fragment` must be letters, digits, `-`
        /// and `_` only, or the annotation is dropped.
        case fragmentLink(fragment: String, className: String, title: String)
        /// `<span class="…" title="…">text<small class="mention-flag"> (flag)</small></span>`: a marker a
        /// reader sees and a screen reader reads, not a colour alone. An empty flag adds no `<small>`.
        case marker(className: String, title: String, flag: String)
    }

    /// Index of the segment in the list the annotator was given.
    package var segment: Int
    /// UTF-8 offsets into that segment's text. For a code segment, only the whole text can be annotated.
    package var utf8Range: Range<Int>
    package var style: Style

    package init(segment: Int, utf8Range: Range<Int>, style: Style) {
        self.segment = segment; self.utf8Range = utf8Range; self.style = style
    }

    /// The opening and closing HTML, every field escaped.
    var markup: (open: String, close: String)? {
        switch style {
        case let .fragmentLink(fragment, className, title):
            guard !fragment.isEmpty, fragment.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic
                || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }) else { return nil }
            return ("<a class=\"\(HTMLEscaping.escape(className))\" href=\"#\(fragment)\" title=\"\(HTMLEscaping.escape(title))\">",
                    "</a>")
        case let .marker(className, title, flag):
            return ("<span class=\"\(HTMLEscaping.escape(className))\" title=\"\(HTMLEscaping.escape(title))\">",
                    (flag.isEmpty ? "" : "<small class=\"mention-flag\"> (\(HTMLEscaping.escape(flag)))</small>") + "</span>")
        }
    }
}

/// Called once per render with every annotatable segment, in document order; returns what to mark.
package typealias MarkdownAnnotator = ([MarkdownTextSegment]) -> [MarkdownAnnotation]
