import Foundation
import RecsiteCore

/// Seeded random-input testing: mutations of valid inputs that a parser must survive (a typed
/// error or a result, never a crash or a hang). The suite runs a short pass by default;
/// `RECSITE_FUZZ_ITERATIONS=N` runs N inputs per seed for a longer search.
package struct Fuzzer {
    package static var iterations: Int {
        ProcessInfo.processInfo.environment["RECSITE_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 150
    }

    private var random: SplitMix64

    package init(seed: UInt64) { random = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }

    package mutating func next() -> UInt64 { random.next() }

    package mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    package mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Byte strings that trip parsers of delimited text: separators, quotes, line ends, encodings,
    /// numbers at the edges of their types, markup.
    package static let tokens: [[UInt8]] = [
        ",", "::", ":", "|", "\t", "\"", "\"\"", "\n", "\r\n", "\r", "", " ", "NA", "nan", "NaN", "inf", "-1", "0",
        "5.5", "1e309", "99999999999999999999", "4294967296", "-9223372036854775808", "2.5", "(1999)", "(no genres listed)",
        "<script>alert(1)</script>", "javascript:alert(1)", "{{x}}", "1998-09-23 12:00:00",
    ].map { Array($0.utf8) } + [[0xEF, 0xBB, 0xBF], [0xFF], [0xE9], [0x00], [0xC3], [0xF0, 0x9F, 0x8E]]

    /// One random mutation of `seed`: several edits, each a byte flip, a token inserted, a span
    /// deleted or duplicated, or the input cut short.
    package mutating func mutate(_ seed: [UInt8]) -> [UInt8] {
        var bytes = seed
        for _ in 0..<(1 + below(6)) {
            let at = below(bytes.count + 1)
            switch below(6) {
            case 0 where !bytes.isEmpty:
                bytes[min(at, bytes.count - 1)] = UInt8(truncatingIfNeeded: next())
            case 1, 2:
                bytes.insert(contentsOf: pick(Self.tokens), at: at)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, at + below(40))
                bytes.removeSubrange(at..<end)
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, at + below(80))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            default:
                bytes = Array(bytes.prefix(at))
            }
        }
        return bytes
    }
}

/// Measures the slowest of many calls, to catch inputs that make a parser hang or go quadratic.
package struct SlowestCall {
    package private(set) var seconds = 0.0
    package private(set) var input = ""

    package init() {}

    package mutating func time<T>(_ label: @autoclosure () -> String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if elapsed > seconds { seconds = elapsed; input = label() }
        }
        return try body()
    }
}
