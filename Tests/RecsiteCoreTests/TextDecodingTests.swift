import Testing
@testable import RecsiteCore

private func decode(_ bytes: [UInt8]) -> (TextEncoding, String) {
    bytes.withUnsafeBufferPointer { buffer in
        let encoding = TextDecoding.detect(buffer)
        return (encoding, TextDecoding.string(buffer, encoding: encoding))
    }
}

@Suite("Text decoding: UTF-8 when valid, otherwise Latin-1")
struct TextDecodingTests {
    @Test("keeps valid UTF-8 as UTF-8")
    func utf8() {
        let (encoding, text) = decode(Array("Misérables, Les (1995) – 東京".utf8))
        #expect(encoding == .utf8)
        #expect(text == "Misérables, Les (1995) – 東京")
    }

    @Test("reads the Latin-1 byte 0xE9 as é, never as U+FFFD")
    func latin1() {
        let (encoding, text) = decode([0x4D, 0x69, 0x73, 0xE9, 0x72, 0x61, 0x62, 0x6C, 0x65, 0x73])
        #expect(encoding == .latin1)
        #expect(text == "Misérables")
        #expect(!text.unicodeScalars.contains("\u{FFFD}"))
    }

    @Test("maps every byte value to the code point of the same number in Latin-1")
    func everyByte() {
        let bytes = (0...255).map { UInt8($0) }
        let text = bytes.withUnsafeBufferPointer { TextDecoding.string($0, encoding: .latin1) }
        #expect(text.unicodeScalars.map(\.value) == (0...255).map { UInt32($0) })
    }

    @Test("rejects malformed UTF-8: stray continuation, overlong, surrogate, truncated, past U+10FFFF", arguments: [
        [0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0xC3, 0x28],
    ] as [[UInt8]])
    func malformed(bytes: [UInt8]) {
        #expect(bytes.withUnsafeBufferPointer { TextDecoding.isValidUTF8($0) } == false)
    }

    @Test("accepts well-formed multi-byte sequences up to U+10FFFF")
    func wellFormed() {
        let bytes: [UInt8] = [0xC3, 0xA9, 0xE2, 0x80, 0x93, 0xF0, 0x9F, 0x8E, 0xAC, 0xF4, 0x8F, 0xBF, 0xBF]
        #expect(bytes.withUnsafeBufferPointer { TextDecoding.isValidUTF8($0) } == true)
    }
}
