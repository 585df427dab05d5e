/// Number parsing straight from bytes, the hot path of every ratings reader.
///
/// Parsing from bytes skips building a `String` per field; the fast paths cover what MovieLens
/// writes (`196`, `4`, `2.5`, `3.0`, `881250949`) and rarer forms (`1e3`, `NaN`, `inf`) fall
/// back to the standard library so they are still read correctly.
package enum ByteNumbers {
    private static let zero = UInt8(ascii: "0")
    private static let minus = UInt8(ascii: "-")
    private static let plus = UInt8(ascii: "+")
    private static let dot = UInt8(ascii: ".")
    private static let space = UInt8(ascii: " ")

    /// A whole number with an optional sign; nil for anything else or on Int64 overflow.
    /// Surrounding spaces are ignored.
    package static func int(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var (i, n) = trimmedBounds(bytes)
        guard i < n else { return nil }
        var negative = false
        if bytes[i] == minus || bytes[i] == plus {
            negative = bytes[i] == minus
            i += 1
            guard i < n else { return nil }
        }
        // Up to 18 digits cannot overflow Int64, so the common case skips the overflow checks.
        if n - i <= 18 {
            var value: Int64 = 0
            while i < n {
                let digit = bytes[i] &- zero
                guard digit < 10 else { return nil }
                value = value &* 10 &+ Int64(digit)
                i += 1
            }
            return negative ? -value : value
        }
        var value: Int64 = 0
        while i < n {
            let digit = bytes[i] &- zero
            guard digit < 10 else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.addingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = next
            i += 1
        }
        return negative ? -value : value
    }

    /// A decimal number such as `4`, `2.5`, `-0.75`, `1e3`, `NaN` or `inf`; nil when the bytes
    /// are not a number. Surrounding spaces are ignored.
    package static func double(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let (start, n) = trimmedBounds(bytes)
        guard start < n else { return nil }
        var i = start
        var negative = false
        if bytes[i] == minus || bytes[i] == plus {
            negative = bytes[i] == minus
            i += 1
        }
        // Fast path: up to 15 digits and a dot, read as an integer then scaled.
        // Both the integer (< 2^53) and 10^k (k ≤ 15) are exact doubles, so one division
        // gives the correctly rounded result.
        var mantissa: Int64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawDot = false
        var simple = i < n
        while i < n {
            let b = bytes[i]
            let digit = b &- zero
            if digit < 10 {
                mantissa = mantissa &* 10 &+ Int64(digit)
                digits += 1
                if sawDot { fractionDigits += 1 }
            } else if b == dot, !sawDot {
                sawDot = true
            } else {
                simple = false
                break
            }
            i += 1
        }
        if simple, digits > 0, digits <= 15 {
            // 10^k for k ≤ 15 is built exactly by repeated multiplication (no table to initialise).
            var divisor = 1.0
            for _ in 0..<fractionDigits { divisor *= 10 }
            let value = Double(mantissa) / divisor
            return negative ? -value : value
        }
        // Rare forms: exponents, long digit strings, nan/inf. `Double(String)` is exact here.
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<n]), as: UTF8.self)
        return Double(text)
    }

    /// True for an empty cell or `NA` (any case, surrounding spaces ignored): how R and
    /// pandas exports, ml_belief_2024 among them, write a missing value.
    package static func isMissingValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let (i, n) = trimmedBounds(bytes)
        if i == n { return true }
        return n - i == 2 && bytes[i] | 0x20 == UInt8(ascii: "n") && bytes[i + 1] | 0x20 == UInt8(ascii: "a")
    }

    /// The range left after dropping leading and trailing spaces.
    private static func trimmedBounds(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var i = 0
        var n = bytes.count
        while i < n, bytes[i] == space { i += 1 }
        while n > i, bytes[n - 1] == space { n -= 1 }
        return (i, n)
    }
}

extension ByteScanner {
    package func int(_ span: FieldSpan) -> Int64? { ByteNumbers.int(slice(span)) }
    package func double(_ span: FieldSpan) -> Double? { ByteNumbers.double(slice(span)) }
}
