import CCmarkGFM
import Foundation

/// Turns untrusted Markdown (an LLM's explanation) into an HTML fragment that is safe to
/// embed in a page.
///
/// This is the only file in the project that imports `CCmarkGFM`: every C call, pointer and
/// allocation stays here, and callers see `String` in, `String` out.
///
/// The safety policy, in the order it is applied:
/// 1. Control characters other than `\n` and `\t` are dropped from the input (and again from
///    the output, because cmark decodes numeric entities such as `&#1;`).
/// 2. cmark-gfm parses with `CMARK_OPT_DEFAULT`, i.e. *safe* mode: raw HTML becomes
///    `<!-- raw HTML omitted -->` and `javascript:`/`vbscript:`/`file:`/`data:` URLs are
///    emptied. `CMARK_OPT_UNSAFE` is never set. The GFM extensions table, strikethrough,
///    autolink and tagfilter are attached to the parser *and* handed to the renderer.
/// 3. The syntax tree is rewritten before rendering:
///    - every image becomes its alt text: safe mode still lets remote images and
///      `data:image` through, and recsite never loads remote content (tracking beacons);
///    - every link whose URL fails ``HTMLEscaping/isAllowedLinkURL(_:)`` (only http, https,
///      mailto and relative references pass) gets an empty `href`, the same shape cmark's
///      safe mode gives `javascript:` links;
///    - heading levels are shifted by `headingOffset` and clamped to 1...6.
/// 4. When an annotator is given, it sees every text and inline-code node outside links (as
///    ``MarkdownTextSegment``s) and may mark parts of them (``MarkdownAnnotation``): the marked
///    text is split into its own text node — still escaped by cmark — inside a custom inline node
///    whose opening and closing HTML the annotation builds from escaped fields. The annotator
///    never writes HTML and never sees raw HTML; safe mode and tagfilter apply as before.
package enum MarkdownRenderer {
    /// The offset for explanations embedded in a page whose own headings are `<h1>` (site)
    /// and `<h2>` (section): a model's `#` renders as `<h3>`, `##` as `<h4>`, and anything
    /// from `####` down ends at `<h6>`. Pass it as `render(_:headingOffset:)`'s argument.
    package static let embeddedHeadingOffset = 2

    /// Renders `markdown` to an HTML fragment (no `<html>`/`<body>` wrapper).
    ///
    /// - Parameters:
    ///   - markdown: untrusted CommonMark/GFM text.
    ///   - headingOffset: added to every heading level, the result clamped to 1...6. The
    ///     default 0 leaves headings as written (`##` → `<h2>`); the site passes a positive
    ///     offset so a model's headings sit below the page's own (see
    ///     ``embeddedHeadingOffset``).
    ///   - annotate: called once, under the renderer's lock, with the document's text segments;
    ///     what it returns is applied before rendering (see the policy above).
    /// - Returns: the HTML, or `""` for empty input.
    package static func render(_ markdown: String, headingOffset: Int = 0, annotate: MarkdownAnnotator? = nil) -> String {
        let input = removingControlCharacters(markdown)
        // Touching the static forces the one-time registration before any parser exists.
        _ = coreExtensionsRegistered
        // Any offset beyond ±5 already maps every heading to h1 or h6; clamping here keeps
        // `level + offset` from overflowing whatever a caller passes.
        let offset = min(max(headingOffset, -5), 5)
        // cmark-gfm keeps the table of "special" inline characters (`~` for strikethrough,
        // `:`/`w`/`@` for autolink…) in a process-wide array that every parse switches on at
        // the start of inline parsing and off again at the end. Two concurrent parses
        // therefore race: one can switch `~` off while the other is mid-paragraph, and
        // strikethrough randomly fails (the concurrency test catches it without this lock).
        // Documents are small, so one parse at a time costs little.
        let html = renderLock.withLock { renderLocked(input, headingOffset: offset, annotate: annotate) }
        return removingControlCharacters(html)
    }

    // MARK: - C boundary

    /// The GFM extensions recsite enables, by their cmark-gfm registry names.
    private static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter"]

    /// `cmark_gfm_core_extensions_ensure_registered` is not thread-safe on its first call; a
    /// `static let` initialiser runs exactly once, under the runtime's own lock.
    private static let coreExtensionsRegistered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Serialises every call into cmark-gfm (see the comment in ``render(_:headingOffset:)``).
    private static let renderLock = NSLock()

    /// Parse, rewrite, render. Must run under ``renderLock``.
    private static func renderLocked(_ input: String, headingOffset: Int, annotate: MarkdownAnnotator?) -> String {
        let options = CMARK_OPT_DEFAULT // safe mode; CMARK_OPT_UNSAFE is never added
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            // A missing extension is an installation fault, not an input fault. Safety does
            // not depend on any of them (safe mode already drops raw HTML), so render on.
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        var bytes = input
        bytes.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    cmark_parser_feed(parser, base, chars.count)
                }
            }
        }
        guard let root = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(root) }

        rewrite(root, headingOffset: headingOffset)
        if let annotate {
            // One text node per run of text, so a title is never split across nodes by cmark's
            // delimiter bookkeeping; the HTML is the same either way.
            cmark_consolidate_text_nodes(root)
            let segments = textSegments(root)
            apply(annotate(segments.map(\.segment)), to: segments.map(\.node))
        }

        // The parser owns this list; the renderer needs it or tagfilter (and the table and
        // strikethrough HTML) silently switch off.
        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let html = cmark_render_html(root, options, extensions) else { return "" }
        defer { cmark_get_default_mem_allocator().pointee.free(html) }
        // The input was a valid Swift String and cmark only emits ASCII markup around it;
        // `String(cString:)` would still repair any invalid sequence to U+FFFD.
        return String(cString: html)
    }

    /// Applies the tree policy: clamp headings, neutralise links, unlink bare e-mail addresses
    /// (GFM autolinks them, and no escape in the source can stop it), replace images.
    private static func rewrite(_ root: OpaquePointer, headingOffset: Int) {
        var replaced: [OpaquePointer] = []
        do {
            guard let iterator = cmark_iter_new(root) else { return }
            defer { cmark_iter_free(iterator) }
            while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
                guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER,
                      let node = cmark_iter_get_node(iterator) else { continue }
                switch cmark_node_get_type(node) {
                case CMARK_NODE_HEADING:
                    let level = Int(cmark_node_get_heading_level(node))
                    let shifted = min(max(level + headingOffset, 1), 6)
                    cmark_node_set_heading_level(node, Int32(shifted))
                case CMARK_NODE_LINK:
                    let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                    if !HTMLEscaping.isAllowedLinkURL(url) {
                        cmark_node_set_url(node, "")
                    } else if url.hasPrefix("mailto:"), url.dropFirst(7) == plainText(of: node) {
                        replaced.append(node)  // an autolinked address: becomes its text, as an image does
                    }
                case CMARK_NODE_IMAGE:
                    // Changing the tree under a live iterator is undefined; collect first.
                    replaced.append(node)
                default:
                    break
                }
            }
        }
        // Pre-order list reversed: a node nested in another's description is replaced before
        // its ancestor is freed, so no pointer here ever dangles.
        for image in replaced.reversed() {
            replaceWithAltText(image)
        }
    }

    /// Swaps an image node for a text node holding its alt text (the plain text of its
    /// description), so no `<img>` and no remote URL reaches the page.
    private static func replaceWithAltText(_ image: OpaquePointer) {
        let alt = plainText(of: image)
        guard let text = cmark_node_new(CMARK_NODE_TEXT) else { return }
        cmark_node_set_literal(text, alt)
        guard cmark_node_replace(image, text) == 1 else {
            cmark_node_free(text) // not linked into the tree, so still ours
            return
        }
        // `cmark_node_replace` only unlinks the old node; it is ours to free now.
        cmark_node_free(image)
    }

    /// The text an HTML renderer would put in `alt`: literals of text and code spans, a
    /// space for line breaks; raw HTML contributes nothing. Iterative, so a deeply nested
    /// description cannot overflow the stack.
    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return text }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER,
                  let child = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(child) {
                    text += String(cString: literal)
                }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            default:
                break
            }
        }
        return text
    }

    // MARK: - Annotation

    private static func isEmphasis(_ node: OpaquePointer?) -> Bool {
        guard let node else { return false }
        let type = cmark_node_get_type(node)
        return type == CMARK_NODE_EMPH || type == CMARK_NODE_STRONG
    }

    private static func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    /// Every text and inline-code node outside links and images, with its context, in document order.
    private static func textSegments(_ root: OpaquePointer) -> [(node: OpaquePointer, segment: MarkdownTextSegment)] {
        var found: [(node: OpaquePointer, segment: MarkdownTextSegment)] = []
        guard let iterator = cmark_iter_new(root) else { return found }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE else { continue }
            var emphasised = false
            var inHeading = false
            var inLink = false
            var ancestor = cmark_node_parent(node)
            while let current = ancestor {
                switch cmark_node_get_type(current) {
                case CMARK_NODE_EMPH, CMARK_NODE_STRONG: emphasised = true
                case CMARK_NODE_HEADING: inHeading = true
                case CMARK_NODE_LINK, CMARK_NODE_IMAGE: inLink = true
                default: break
                }
                ancestor = cmark_node_parent(current)
            }
            guard !inLink else { continue }
            let isOnlyChild = cmark_node_previous(node) == nil && cmark_node_next(node) == nil
            let wholeEmphasis = isOnlyChild && isEmphasis(cmark_node_parent(node))
            // The outermost emphasis holding only this node, and the start of the text after it.
            var outer = node
            if wholeEmphasis, let emphasis = cmark_node_parent(node) {
                outer = emphasis
                while let parent = cmark_node_parent(outer), isEmphasis(parent),
                      cmark_node_previous(outer) == nil, cmark_node_next(outer) == nil {
                    outer = parent
                }
            }
            var following = ""
            var preceding = ""
            if wholeEmphasis, let next = cmark_node_next(outer), cmark_node_get_type(next) == CMARK_NODE_TEXT {
                following = String(literal(next).prefix(16))
            }
            if wholeEmphasis, let previous = cmark_node_previous(outer), cmark_node_get_type(previous) == CMARK_NODE_TEXT {
                preceding = String(literal(previous).suffix(16))
            }
            // A list item's lead: the node, or the emphasis it starts, opens the item's first paragraph.
            var lead = node
            while let parent = cmark_node_parent(lead), isEmphasis(parent), cmark_node_previous(lead) == nil { lead = parent }
            var leadsListItem = false
            if cmark_node_previous(lead) == nil, let paragraph = cmark_node_parent(lead),
               cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH, cmark_node_previous(paragraph) == nil,
               let item = cmark_node_parent(paragraph), cmark_node_get_type(item) == CMARK_NODE_ITEM {
                leadsListItem = true
            }
            found.append((node, MarkdownTextSegment(
                text: literal(node), isEmphasised: emphasised, isWholeEmphasis: wholeEmphasis, isCode: type == CMARK_NODE_CODE,
                inHeading: inHeading, leadsListItem: leadsListItem, preceding: preceding, following: following)))
        }
        return found
    }

    /// Wraps the annotated parts of each node in a custom inline node carrying the annotation's markup.
    /// Overlapping, empty or out-of-range annotations are dropped; a code node only takes one covering it all.
    private static func apply(_ annotations: [MarkdownAnnotation], to nodes: [OpaquePointer]) {
        var bySegment: [Int: [MarkdownAnnotation]] = [:]
        for annotation in annotations where nodes.indices.contains(annotation.segment) {
            bySegment[annotation.segment, default: []].append(annotation)
        }
        for segment in bySegment.keys.sorted() {
            let node = nodes[segment]
            let bytes = Array(literal(node).utf8)
            var cursor = 0
            let sorted = bySegment[segment]!.sorted { $0.utf8Range.lowerBound < $1.utf8Range.lowerBound }
            if cmark_node_get_type(node) == CMARK_NODE_CODE {
                if let whole = sorted.first(where: { $0.utf8Range == 0..<bytes.count }), let markup = whole.markup,
                   let wrapper = customInline(markup) {
                    if cmark_node_insert_before(node, wrapper) == 1 {
                        cmark_node_unlink(node)
                        if cmark_node_append_child(wrapper, node) != 1 { cmark_node_free(node) }
                    } else {
                        cmark_node_free(wrapper)
                    }
                }
                continue
            }
            for annotation in sorted {
                let range = annotation.utf8Range
                guard range.lowerBound >= cursor, range.lowerBound < range.upperBound, range.upperBound <= bytes.count,
                      let markup = annotation.markup else { continue }
                if range.lowerBound > cursor { insertText(bytes[cursor..<range.lowerBound], before: node) }
                guard let wrapper = customInline(markup) else { continue }
                guard cmark_node_insert_before(node, wrapper) == 1 else {
                    cmark_node_free(wrapper)
                    continue
                }
                if let text = textNode(bytes[range]), cmark_node_append_child(wrapper, text) != 1 { cmark_node_free(text) }
                cursor = range.upperBound
            }
            if cursor == 0 { continue }
            if cursor < bytes.count {
                cmark_node_set_literal(node, String(decoding: bytes[cursor...], as: UTF8.self))
            } else {
                cmark_node_unlink(node)
                cmark_node_free(node)
            }
        }
    }

    private static func customInline(_ markup: (open: String, close: String)) -> OpaquePointer? {
        guard let node = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { return nil }
        cmark_node_set_on_enter(node, markup.open)
        cmark_node_set_on_exit(node, markup.close)
        return node
    }

    private static func textNode(_ bytes: ArraySlice<UInt8>) -> OpaquePointer? {
        guard let node = cmark_node_new(CMARK_NODE_TEXT) else { return nil }
        cmark_node_set_literal(node, String(decoding: bytes, as: UTF8.self))
        return node
    }

    private static func insertText(_ bytes: ArraySlice<UInt8>, before node: OpaquePointer) {
        guard let text = textNode(bytes) else { return }
        if cmark_node_insert_before(node, text) != 1 { cmark_node_free(text) }
    }

    // MARK: - Text hygiene

    /// Drops Unicode control characters (C0, DEL, C1) except newline and tab. A lone or
    /// paired `\r` becomes `\n` first so old Mac and Windows line endings keep their breaks.
    private static func removingControlCharacters(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\r":
                out.append("\n")
            case "\n":
                if !previousWasCR { out.append(scalar) }
            case "\t":
                out.append(scalar)
            default:
                if scalar.properties.generalCategory != .control {
                    out.append(scalar)
                }
            }
        }
        return String(out)
    }
}
