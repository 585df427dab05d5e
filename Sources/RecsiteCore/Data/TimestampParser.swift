/// Reads the two timestamp encodings MovieLens files use, as seconds since 1970 (UTC).
///
/// The MovieLens READMEs promise epoch seconds, but ml_belief_2024's `user_rating_history.csv`
/// writes `YYYY-MM-DD HH:MM:SS` text, so both are accepted in every layout.
package enum TimestampParser {
    /// Epoch seconds (`881250949`, `881250949.0`) or a UTC date-time
    /// (`2024-05-05 21:45:54`, `2024-05-05T21:45:54Z`, `2024-05-05`); nil otherwise.
    package static func seconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        if let whole = ByteNumbers.int(bytes) { return whole }
        if let dateTime = dateTime(bytes) { return dateTime }
        // RecBole declares `timestamp:float`, so tolerate a fractional epoch value.
        if let value = ByteNumbers.double(bytes), value.isFinite, abs(value) < 9.2e18 {
            return Int64(value.rounded(.down))
        }
        return nil
    }

    /// `YYYY-MM-DD`, optionally followed by ` HH:MM[:SS[.fraction]]` (or `T…`) and `Z`.
    package static func dateTime(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var reader = DigitReader(bytes: bytes)
        guard let year = reader.number(digits: 4), reader.skip("-"),
              let month = reader.number(digits: 2), reader.skip("-"),
              let day = reader.number(digits: 2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var secondsOfDay = 0
        if !reader.isAtEnd, !reader.skip("Z") {
            guard reader.skip(" ") || reader.skip("T"),
                  let hour = reader.number(digits: 2), reader.skip(":"),
                  let minute = reader.number(digits: 2),
                  hour < 24, minute < 60
            else { return nil }
            var second = 0
            if reader.skip(":") {
                guard let s = reader.number(digits: 2), s <= 60 else { return nil }
                second = s
                if reader.skip(".") {
                    // Fractions of a second are dropped: ratings are ordered by whole seconds.
                    guard reader.skipDigits() > 0 else { return nil }
                }
            }
            _ = reader.skip("Z")
            guard reader.isAtEnd else { return nil }
            secondsOfDay = hour * 3600 + minute * 60 + second
        }
        guard reader.isAtEnd else { return nil }
        return Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400 + Int64(secondsOfDay)
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm),
    /// so no `Calendar` or time zone is involved.
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// A cursor over ASCII bytes for fixed-width date fields.
private struct DigitReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var isAtEnd: Bool { index >= bytes.count }

    mutating func number(digits: Int) -> Int? {
        guard index + digits <= bytes.count else { return nil }
        var value = 0
        for k in index..<(index + digits) {
            let digit = bytes[k] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        index += digits
        return value
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        return index - start
    }
}
