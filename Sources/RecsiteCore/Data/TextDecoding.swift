/// The text encoding of a data file, chosen once per file (`.mixed` then decides per field).
///
/// MovieLens files are either UTF-8 (the CSV releases) or ISO-8859-1 (ml-100k `u.item`,
/// ml-1m `movies.dat`). A file that is not valid UTF-8 as a whole is read as Latin-1, so a
/// title never gets U+FFFD replacement characters and no file is rejected for its encoding.
package enum TextEncoding: Sendable, Equatable {
    case utf8
    case latin1
    /// Mostly UTF-8 with a few malformed fields (one bad row in a UTF-8 file): each field is read
    /// as UTF-8 when it is valid and as Latin-1 when not, so one bad byte cannot turn every
    /// accented title of the file into mojibake. Readers report the fields that needed Latin-1.
    case mixed
}

/// Byte-to-`String` decoding without replacement characters.
package enum TextDecoding {
    /// `.utf8` when every byte sequence is well-formed UTF-8; otherwise `.mixed` when well-formed
    /// multi-byte sequences outnumber the malformed bytes (a UTF-8 file with a bad row), else `.latin1`.
    package static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> TextEncoding {
        if isValidUTF8(bytes) { return .utf8 }
        var wellFormed = 0, malformed = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] < 0x80 {
                i += 1
            } else if let length = sequenceLength(bytes, at: i) {
                wellFormed += 1
                i += length
            } else {
                malformed += 1
                i += 1
            }
        }
        return wellFormed > malformed ? .mixed : .latin1
    }

    /// Decodes bytes with the given encoding. Latin-1 maps each byte to the code point of the
    /// same value, which every byte has, so decoding cannot fail.
    package static func string(_ bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) -> String {
        switch encoding {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .mixed where isValidUTF8(bytes):
            return String(decoding: bytes, as: UTF8.self)
        case .latin1, .mixed:
            var extra = 0
            for b in bytes where b >= 0x80 { extra += 1 }
            if extra == 0 { return String(decoding: bytes, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: bytes.count + extra) { out in
                var k = 0
                for b in bytes {
                    if b < 0x80 {
                        out[k] = b
                        k += 1
                    } else {
                        out[k] = 0xC0 | (b >> 6)
                        out[k + 1] = 0x80 | (b & 0x3F)
                        k += 2
                    }
                }
                return k
            }
        }
    }

    /// Decodes a short piece (a value quoted in an error message) on its own: UTF-8 when
    /// valid, otherwise Latin-1.
    package static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        string(bytes, encoding: detect(bytes))
    }

    /// Checks well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF).
    /// ASCII, by far the most common case, takes one comparison per byte.
    package static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        var i = 0
        while i < n {
            if bytes[i] < 0x80 {
                i += 1
                continue
            }
            guard let length = sequenceLength(bytes, at: i) else { return false }
            i += length
        }
        return true
    }

    /// The length of the well-formed multi-byte sequence starting at `i`, or nil when the bytes
    /// there are not one.
    private static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch bytes[i] {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: return nil
        }
        guard i + length <= bytes.count else { return nil }
        let b1 = bytes[i + 1]
        guard b1 >= lower, b1 <= upper else { return nil }
        for k in 2..<max(length, 2) where bytes[i + k] & 0xC0 != 0x80 { return nil }
        return length
    }
}

extension ByteScanner {
    /// The text of a field in the file's encoding, with a quoted field's `""` collapsed to `"`.
    package func text(_ span: FieldSpan, encoding: TextEncoding) -> String {
        let raw = slice(span)
        guard span.hasEscapedQuotes else { return TextDecoding.string(raw, encoding: encoding) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            unescaped.append(raw[i])
            // Inside quotes a `"` only ever appears doubled, so skip its twin.
            i += raw[i] == UInt8(ascii: "\"") && i + 1 < raw.count && raw[i + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
        return unescaped.withUnsafeBufferPointer { TextDecoding.string($0, encoding: encoding) }
    }

    /// Whether a field of a `.mixed` file had to be read as Latin-1 (it is not valid UTF-8).
    package func needsLatin1(_ span: FieldSpan, encoding: TextEncoding) -> Bool {
        encoding == .mixed && !TextDecoding.isValidUTF8(slice(span))
    }

    /// A field's text for an error message, cut to 40 characters so a garbage row stays readable.
    package func quoted(_ span: FieldSpan) -> String {
        let text = TextDecoding.string(slice(span))
        return text.count > 40 ? "'\(text.prefix(40))…'" : "'\(text)'"
    }
}
