/// Locale-free number formatting for prompts and explanations, so the same data gives the same bytes
/// on every machine.
package enum DecimalFormat {
    /// `value` rounded half away from zero to `digits` decimals: `fixed(0.456, 2)` → "0.46".
    /// A tiny relative nudge makes decimal halves that binary cannot hold exactly (0.455 is
    /// 0.45499999…) round up, as a reader expects.
    package static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "∞" : "-∞") }
        var scale = 1.0
        for _ in 0..<max(0, digits) { scale *= 10 }
        let scaled = (abs(value) * scale * (1 + 1e-12)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e15 else { return String(value) }
        let units = Int64(scaled)
        let divisor = Int64(scale)
        let whole = units / divisor
        let sign = value < 0 && units != 0 ? "-" : ""
        guard digits > 0 else { return "\(sign)\(whole)" }
        let fraction = String(units % divisor)
        let padded = String(repeating: "0", count: digits - fraction.count) + fraction
        return "\(sign)\(whole).\(padded)"
    }

    /// A share in 0...1 as a whole percentage: `percent(0.375)` → "38%".
    package static func percent(_ share: Double) -> String {
        fixed(share * 100, 0) + "%"
    }

    /// A whole number with a comma every three digits: `grouped(1900)` → "1,900", `grouped(-12345)` → "-12,345".
    package static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// Seconds without a needless ".0": `seconds(300)` → "300 s", `seconds(1.5)` → "1.5 s".
    package static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(fixed(value, 0)) s" : "\(fixed(value, 1)) s"
    }
}
