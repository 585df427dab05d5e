/// Where one field sits in the scanned bytes: a half-open byte range, without its quotes.
///
/// Spans instead of `String`s keep the hot loop free of allocations: a ratings row is parsed
/// straight from the bytes, and only titles are ever decoded to text.
package struct FieldSpan: Sendable, Equatable {
    package var start: Int
    package var end: Int
    /// True for a quoted CSV field that holds `""`, which decoding collapses to one `"`.
    package var hasEscapedQuotes: Bool

    package init(start: Int, end: Int, hasEscapedQuotes: Bool = false) {
        self.start = start
        self.end = end
        self.hasEscapedQuotes = hasEscapedQuotes
    }

    package var count: Int { end - start }
    package var isEmpty: Bool { end == start }
}

/// How a record's fields are separated.
package enum FieldSeparator: Sendable, Equatable {
    /// One byte (tab, pipe, comma) with no quoting: quotes are ordinary characters.
    case byte(UInt8)
    /// RFC 4180 CSV: commas, fields optionally in double quotes, `""` for a literal quote,
    /// and newlines allowed inside quotes.
    case csv
    /// The literal two bytes `::` (ml-1m, ml-10m); a single `:` and quotes are ordinary.
    case doubleColon

    package static let tab = FieldSeparator.byte(UInt8(ascii: "\t"))
    package static let pipe = FieldSeparator.byte(UInt8(ascii: "|"))
}

/// Why a CSV record broke the quoting rules; the reader counts the row as malformed.
package enum QuoteProblem: Sendable, Equatable {
    /// A quoted field runs to the end of the file.
    case unclosedQuote
    /// Characters follow a closing quote before the next comma or line end.
    case textAfterClosingQuote

    package var message: String {
        switch self {
        case .unclosedQuote: "a quoted field is not closed before the end of the file"
        case .textAfterClosingQuote: "characters follow a closing quote before the next comma"
        }
    }
}

/// Splits a byte buffer into records and fields, tracking 1-based line numbers.
///
/// Handles LF and CRLF line ends, skips a leading UTF-8 byte-order mark and blank lines, and
/// in `.csv` mode follows RFC 4180. The buffer must outlive the scanner: create it inside
/// `withUnsafeBytes` (see `DataFile.withBytes`), which is how a memory-mapped file is parsed
/// without copying it or turning it into one big `String`.
package struct ByteScanner {
    /// The scanned bytes; field spans index into this buffer.
    package let bytes: UnsafeBufferPointer<UInt8>
    package let separator: FieldSeparator
    /// The current record's fields. A class holding raw memory, because appending to an
    /// `Array` costs a uniqueness check per field, which dominated the scan of a 25M-row file.
    private let storage = FieldStorage()
    private var position: Int
    private var nextLine = 1
    /// The line on which the last record began (1-based).
    package private(set) var line = 0
    /// Set when the last record broke the CSV quoting rules; its fields are then unreliable.
    package private(set) var quoteProblem: QuoteProblem?

    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let colon = UInt8(ascii: ":")

    package init(bytes: UnsafeBufferPointer<UInt8>, separator: FieldSeparator) {
        self.bytes = bytes
        self.separator = separator
        // A UTF-8 BOM (EF BB BF) would otherwise become part of the first header name.
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        position = hasBOM ? 3 : 0
    }

    /// True when everything has been read.
    package var isAtEnd: Bool { position >= bytes.count }

    /// Reads the next non-blank record; false at the end. Its fields are then
    /// `self[0..<fieldCount]`.
    package mutating func nextRecord() -> Bool {
        quoteProblem = nil
        while position < bytes.count {
            storage.count = 0
            line = nextLine
            let found: Bool
            switch separator {
            case let .byte(separatorByte): found = scanPlainLine(separatorByte)
            case .doubleColon: found = scanDoubleColonLine()
            case .csv: found = scanCSVRecord()
            }
            if found { return true }
        }
        storage.count = 0
        return false
    }

    /// How many fields the current record has.
    package var fieldCount: Int { storage.count }

    /// A field of the current record; `index` must be below `fieldCount`.
    package subscript(index: Int) -> FieldSpan {
        precondition(index < storage.count, "field \(index) of a \(storage.count)-field record")
        return storage.spans[index]
    }

    /// The current record's fields as an array (allocates; for headers and tests).
    package var fields: [FieldSpan] { (0..<fieldCount).map { self[$0] } }

    /// The bytes of a span (quotes removed, `""` not yet collapsed).
    package func slice(_ span: FieldSpan) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
    }

    // MARK: - Unquoted modes

    /// One line split on a single byte. Returns false for a blank line.
    private mutating func scanPlainLine(_ separatorByte: UInt8) -> Bool {
        let lineStart = position
        var fieldStart = position
        var i = position
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == separatorByte {
                storage.append(FieldSpan(start: fieldStart, end: i))
                fieldStart = i + 1
            } else if b == Self.newline {
                break
            }
            i += 1
        }
        return finishLine(lineStart: lineStart, fieldStart: fieldStart, lineEnd: i)
    }

    /// One line split on the literal `::`. In a run of three or more colons the last two are
    /// the separator, so a title ending in `:` keeps its colon (ids and genres never start with one).
    private mutating func scanDoubleColonLine() -> Bool {
        let lineStart = position
        var fieldStart = position
        var i = position
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == Self.colon, i + 1 < n, bytes[i + 1] == Self.colon {
                var runEnd = i + 2
                while runEnd < n, bytes[runEnd] == Self.colon { runEnd += 1 }
                storage.append(FieldSpan(start: fieldStart, end: runEnd - 2))
                fieldStart = runEnd
                i = runEnd
                continue
            }
            if b == Self.newline { break }
            i += 1
        }
        return finishLine(lineStart: lineStart, fieldStart: fieldStart, lineEnd: i)
    }

    /// Closes an unquoted line: strips a CR before the LF, skips blank lines, moves past the LF.
    private mutating func finishLine(lineStart: Int, fieldStart: Int, lineEnd: Int) -> Bool {
        position = lineEnd < bytes.count ? lineEnd + 1 : bytes.count
        nextLine += 1
        var end = lineEnd
        if end > fieldStart, bytes[end - 1] == Self.carriageReturn { end -= 1 }
        if storage.count == 0, end == lineStart { return false }
        storage.append(FieldSpan(start: fieldStart, end: end))
        return true
    }

    // MARK: - RFC 4180

    /// One CSV record, which may span several lines when a quoted field holds a newline.
    private mutating func scanCSVRecord() -> Bool {
        let n = bytes.count
        let recordStart = position
        var i = position
        while true {
            if i < n, bytes[i] == Self.quote {
                guard let closing = scanQuotedField(openingAt: i) else {
                    position = n
                    return true
                }
                // After the closing quote: a comma, the line end, or the end of the file.
                let next = closing + 1
                if next >= n {
                    position = n
                    nextLine += 1
                    return true
                }
                if bytes[next] == Self.comma {
                    i = next + 1
                    continue
                }
                if bytes[next] == Self.newline {
                    position = next + 1
                    nextLine += 1
                    return true
                }
                if bytes[next] == Self.carriageReturn, next + 1 >= n || bytes[next + 1] == Self.newline {
                    position = min(next + 2, n)
                    nextLine += 1
                    return true
                }
                quoteProblem = .textAfterClosingQuote
                skipRestOfLine(from: next)
                return true
            }
            // Unquoted field: a stray `"` inside it is kept as an ordinary character.
            let fieldStart = i
            while i < n, bytes[i] != Self.comma, bytes[i] != Self.newline { i += 1 }
            if i < n, bytes[i] == Self.comma {
                storage.append(FieldSpan(start: fieldStart, end: i))
                i += 1
                continue
            }
            return finishLine(lineStart: recordStart, fieldStart: fieldStart, lineEnd: i)
        }
    }

    /// Appends the quoted field opening at `opening` and returns the index of its closing quote,
    /// or nil (and sets `quoteProblem`) when the file ends first. Counts newlines inside quotes.
    private mutating func scanQuotedField(openingAt opening: Int) -> Int? {
        let n = bytes.count
        var j = opening + 1
        var escaped = false
        while j < n {
            let b = bytes[j]
            if b == Self.quote {
                if j + 1 < n, bytes[j + 1] == Self.quote {
                    escaped = true
                    j += 2
                    continue
                }
                storage.append(FieldSpan(start: opening + 1, end: j, hasEscapedQuotes: escaped))
                return j
            }
            if b == Self.newline { nextLine += 1 }
            j += 1
        }
        storage.append(FieldSpan(start: opening + 1, end: n, hasEscapedQuotes: escaped))
        quoteProblem = .unclosedQuote
        return nil
    }

    private mutating func skipRestOfLine(from start: Int) {
        var i = start
        while i < bytes.count, bytes[i] != Self.newline { i += 1 }
        position = i < bytes.count ? i + 1 : bytes.count
        nextLine += 1
    }
}

/// Growable raw storage for one record's field spans, reused for every record.
private final class FieldStorage {
    var spans: UnsafeMutablePointer<FieldSpan>
    var capacity = 32
    var count = 0

    init() {
        spans = .allocate(capacity: capacity)
    }

    deinit {
        spans.deallocate()
    }

    @inline(__always)
    func append(_ span: FieldSpan) {
        if count == capacity { grow() }
        (spans + count).initialize(to: span)
        count += 1
    }

    private func grow() {
        let larger = UnsafeMutablePointer<FieldSpan>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: spans, count: count)
        spans.deallocate()
        spans = larger
        capacity *= 2
    }
}
