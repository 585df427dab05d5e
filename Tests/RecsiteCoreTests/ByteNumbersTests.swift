import Testing
@testable import RecsiteCore

private func int(_ text: String) -> Int64? {
    Array(text.utf8).withUnsafeBufferPointer { ByteNumbers.int($0) }
}

private func double(_ text: String) -> Double? {
    Array(text.utf8).withUnsafeBufferPointer { ByteNumbers.double($0) }
}

private func seconds(_ text: String) -> Int64? {
    Array(text.utf8).withUnsafeBufferPointer { TimestampParser.seconds($0) }
}

@Suite("Number and timestamp parsing from bytes")
struct ByteNumbersTests {
    @Test("reads whole numbers with a sign and surrounding spaces", arguments: [
        ("881250949", Int64(881_250_949)), ("0", 0), ("-17", -17), ("+5", 5), (" 42 ", 42),
        ("9223372036854775807", Int64.max),
    ])
    func wholeNumbers(text: String, value: Int64) {
        #expect(int(text) == value)
    }

    @Test("rejects what is not a whole number, including Int64 overflow", arguments: [
        "", " ", "-", "4.0", "12a", "0x10", "9223372036854775808", "NA",
    ])
    func notWholeNumbers(text: String) {
        #expect(int(text) == nil)
    }

    @Test("reads decimals exactly as written", arguments: [
        ("4", 4.0), ("2.5", 2.5), ("3.0", 3.0), ("0.5", 0.5), ("-1", -1.0), (".5", 0.5), ("5.", 5.0),
        ("0.1", 0.1), ("1e3", 1000.0), ("12345678901234567890", 12_345_678_901_234_567_890.0),
    ])
    func decimals(text: String, value: Double) {
        #expect(double(text) == value)
    }

    @Test("reads NaN and infinity so the range check can reject them")
    func specialValues() {
        #expect(double("NaN")?.isNaN == true)
        #expect(double("nan")?.isNaN == true)
        #expect(double("inf") == .infinity)
        #expect(double("-inf") == -.infinity)
    }

    @Test("rejects what is not a number", arguments: ["", "abc", "NA", "4,5", "1.2.3", "-", "."])
    func notNumbers(text: String) {
        #expect(double(text) == nil)
    }

    @Test("reads epoch seconds and UTC date-times as seconds since 1970", arguments: [
        ("881250949", Int64(881_250_949)),
        ("881250949.0", 881_250_949),
        ("1998-06-18 16:31:37", 898_187_497),
        ("2024-05-05 21:45:54", 1_714_945_554),
        ("2024-05-05T21:45:54Z", 1_714_945_554),
        ("1970-01-01", 0),
        ("1969-12-31 23:59:59", -1),
        ("2000-02-29 12:00", 951_825_600),
    ])
    func timestamps(text: String, value: Int64) {
        #expect(seconds(text) == value)
    }

    @Test("rejects impossible or garbled dates", arguments: [
        "2023-02-29 00:00:00", "2024-13-01", "2024-05-05 24:00:00", "2024-05-05 21:45:54 extra", "05/05/2024", "soon",
    ])
    func badTimestamps(text: String) {
        #expect(seconds(text) == nil)
    }
}
