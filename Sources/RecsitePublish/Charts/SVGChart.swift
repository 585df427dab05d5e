import Foundation

/// Small, dependency-free SVG charts drawn by recsite, readable without colour: every series has
/// its own marker shape and dash pattern, every chart a `<title>` and `<desc>` for screen readers.
/// Output is deterministic text (fixed number formatting), safe to inline into a page.
package enum SVGChart {
    /// One horizontal bar.
    package struct Bar: Sendable, Equatable {
        package var label: String
        package var value: Double
        package var valueLabel: String
        package init(label: String, value: Double, valueLabel: String) {
            self.label = label; self.value = value; self.valueLabel = valueLabel
        }
    }

    /// One line of a line chart: a value per x position (nil = no point).
    package struct Series: Sendable, Equatable {
        package var name: String
        package var values: [Double?]
        package init(name: String, values: [Double?]) { self.name = name; self.values = values }
    }

    /// Horizontal bars scaled to the largest value, labels on the left, values on the right.
    package static func bars(_ bars: [Bar], title: String, description: String, id: String) -> String {
        let rowHeight = 22.0, labelWidth = 130.0, valueWidth = 70.0, width = 520.0
        let plotWidth = width - labelWidth - valueWidth
        let height = Double(bars.count) * rowHeight + 8
        let maximum = bars.map(\.value).max() ?? 0
        var svg = open(width: width, height: height, title: title, description: description, id: id)
        for (i, bar) in bars.enumerated() {
            let y = 4 + Double(i) * rowHeight
            let length = maximum > 0 ? max(2, bar.value / maximum * plotWidth) : 2
            svg += "<text class=\"label\" x=\"\(n(labelWidth - 8))\" y=\"\(n(y + 15))\" text-anchor=\"end\">\(HTMLEscaping.escape(bar.label))</text>"
            svg += "<rect class=\"bar\" x=\"\(n(labelWidth))\" y=\"\(n(y + 4))\" width=\"\(n(length))\" height=\"14\" rx=\"2\"/>"
            svg += "<text class=\"value\" x=\"\(n(labelWidth + length + 6))\" y=\"\(n(y + 15))\">\(HTMLEscaping.escape(bar.valueLabel))</text>"
        }
        return svg + "</svg>"
    }

    /// Lines over labelled x positions, y from 0 to the largest value (rounded up), with a legend.
    package static func lines(_ series: [Series], xLabels: [String], xTitle: String, title: String, description: String,
                              id: String) -> String {
        let width = 560.0, height = 300.0, left = 48.0, right = 150.0, top = 16.0, bottom = 44.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let maximum = niceCeiling(series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0)
        func x(_ i: Int) -> Double { xLabels.count < 2 ? left + plotWidth / 2 : left + plotWidth * Double(i) / Double(xLabels.count - 1) }
        func y(_ v: Double) -> Double { top + plotHeight * (1 - (maximum > 0 ? v / maximum : 0)) }
        var svg = open(width: width, height: height, title: title, description: description, id: id)
        for step in 0...4 {
            let value = maximum * Double(step) / 4
            svg += "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(left + plotWidth))\" y1=\"\(n(y(value)))\" y2=\"\(n(y(value)))\"/>"
            svg += "<text class=\"tick\" x=\"\(n(left - 6))\" y=\"\(n(y(value) + 4))\" text-anchor=\"end\">\(fixed(value, maximum < 0.1 ? 3 : 2))</text>"
        }
        for (i, label) in xLabels.enumerated() {
            svg += "<text class=\"tick\" x=\"\(n(x(i)))\" y=\"\(n(top + plotHeight + 16))\" text-anchor=\"middle\">\(HTMLEscaping.escape(label))</text>"
        }
        svg += "<text class=\"axis\" x=\"\(n(left + plotWidth / 2))\" y=\"\(n(height - 6))\" text-anchor=\"middle\">\(HTMLEscaping.escape(xTitle))</text>"
        for (s, line) in series.enumerated() {
            let style = s % dashes.count
            let points = line.values.enumerated().compactMap { i, v in v.map { (x(i), y($0)) } }
            if points.count > 1 {
                let path = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
                svg += "<polyline class=\"series s\(style)\" points=\"\(path)\" stroke-dasharray=\"\(dashes[style])\"/>"
            }
            for point in points { svg += marker(style, x: point.0, y: point.1) }
            let legendY = top + 10 + Double(s) * 20
            svg += "<line class=\"series s\(style)\" x1=\"\(n(width - right + 12))\" x2=\"\(n(width - right + 36))\" y1=\"\(n(legendY))\" y2=\"\(n(legendY))\" stroke-dasharray=\"\(dashes[style])\"/>"
            svg += marker(style, x: width - right + 24, y: legendY)
            svg += "<text class=\"legend\" x=\"\(n(width - right + 42))\" y=\"\(n(legendY + 4))\">\(HTMLEscaping.escape(line.name))</text>"
        }
        return svg + "</svg>"
    }

    private static let dashes = ["none", "6 3", "2 3", "8 3 2 3", "1 0"]

    /// A marker shape per series: circle, square, triangle, diamond, cross.
    private static func marker(_ style: Int, x: Double, y: Double) -> String {
        switch style {
        case 0: return "<circle class=\"marker s0\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"4\"/>"
        case 1: return "<rect class=\"marker s1\" x=\"\(n(x - 4))\" y=\"\(n(y - 4))\" width=\"8\" height=\"8\"/>"
        case 2: return "<polygon class=\"marker s2\" points=\"\(n(x)),\(n(y - 5)) \(n(x + 5)),\(n(y + 4)) \(n(x - 5)),\(n(y + 4))\"/>"
        case 3: return "<polygon class=\"marker s3\" points=\"\(n(x)),\(n(y - 5)) \(n(x + 5)),\(n(y)) \(n(x)),\(n(y + 5)) \(n(x - 5)),\(n(y))\"/>"
        default: return "<path class=\"marker s4\" d=\"M\(n(x - 4)),\(n(y - 4))L\(n(x + 4)),\(n(y + 4))M\(n(x - 4)),\(n(y + 4))L\(n(x + 4)),\(n(y - 4))\"/>"
        }
    }

    private static func open(width: Double, height: Double, title: String, description: String, id: String) -> String {
        let safe = HTMLEscaping.escape(id)
        return "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" "
            + "aria-labelledby=\"\(safe)-title \(safe)-desc\"><title id=\"\(safe)-title\">\(HTMLEscaping.escape(title))</title>"
            + "<desc id=\"\(safe)-desc\">\(HTMLEscaping.escape(description))</desc>"
    }

    /// 0.0734 → 0.08, 0.31 → 0.4, 4.2 → 5: a round top for the y axis.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for step in [1.0, 2, 2.5, 5, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    /// Coordinates with at most one decimal, never "-0".
    private static func n(_ value: Double) -> String { fixed(value, 1) }

    private static func fixed(_ value: Double, _ digits: Int) -> String {
        var text = String(format: "%.\(digits)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}
