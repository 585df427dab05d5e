import Foundation
import Testing
import RecsiteTestSupport

/// WCAG 2.1 AA contrast of the shipped stylesheet, light and dark: 4.5:1 for text on the
/// backgrounds it sits on, 3:1 for chart lines and bars (graphical objects) on the page.
@Suite("Stylesheet contrast (WCAG AA)")
struct StylesheetContrastTests {
    static let css: String = (try? String(contentsOf: PackageRoot.url.appendingPathComponent("templates/assets/site.css"), encoding: .utf8)) ?? ""

    /// The custom properties of the first `:root { … }` after `marker` ("" = the light block).
    static func palette(after marker: String) throws -> [String: String] {
        let start = marker.isEmpty ? css.startIndex : try #require(css.range(of: marker)).upperBound
        let root = try #require(css.range(of: ":root {", range: start..<css.endIndex))
        let end = try #require(css.range(of: "}", range: root.upperBound..<css.endIndex))
        var colours: [String: String] = [:]
        for match in css[root.upperBound..<end.lowerBound].matches(of: #/--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})/#) {
            colours[String(match.output.1)] = String(match.output.2)
        }
        return colours
    }

    /// Relative luminance of "#rrggbb" (WCAG 2.1).
    static func luminance(_ hex: String) -> Double {
        let value = Int(hex.dropFirst(), radix: 16)!
        func channel(_ shift: Int) -> Double {
            let c = Double((value >> shift) & 0xFF) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
    }

    static func contrast(_ a: String, _ b: String) -> Double {
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    static let textPairs = [("fg", "bg"), ("muted", "bg"), ("accent", "bg"), ("fg", "panel"), ("muted", "panel"),
                            ("accent", "panel"), ("fg", "hit"), ("muted", "hit"), ("warn-fg", "warn-bg")]

    @Test("the luminance formula gives the known extremes")
    func formula() {
        #expect(Self.contrast("#000000", "#ffffff") == 21)
        #expect(abs(Self.contrast("#767676", "#ffffff") - 4.54) < 0.01)
    }

    @Test("text colours reach 4.5:1 and chart colours 3:1, in light and dark mode", arguments: ["", "prefers-color-scheme: dark"])
    func scheme(marker: String) throws {
        let colours = try Self.palette(after: marker)
        for (text, background) in Self.textPairs {
            let (a, b) = (try #require(colours[text], "--\(text)"), try #require(colours[background], "--\(background)"))
            #expect(Self.contrast(a, b) >= 4.5, "--\(text) \(a) on --\(background) \(b): \(Self.contrast(a, b))")
        }
        let bg = try #require(colours["bg"])
        #expect(Self.contrast(try #require(colours["bar"]), bg) >= 3)
        for series in 0..<5 {
            let stroke = try #require(colours["s\(series)"], "--s\(series)")
            #expect(Self.contrast(stroke, bg) >= 3, "chart series \(series) \(stroke) on \(bg): \(Self.contrast(stroke, bg))")
        }
    }
}
