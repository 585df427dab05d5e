import Foundation
import Testing
import RecsiteCLI
import RecsiteTestSupport

@Suite("Progress output")
struct ProgressTests {
    @Test("the terminal bar fills in proportion and never overflows")
    func bar() {
        #expect(Progress.bar(0, of: 10) == "[" + String(repeating: "░", count: 20) + "]")
        #expect(Progress.bar(5, of: 10) == "[" + String(repeating: "█", count: 10) + String(repeating: "░", count: 10) + "]")
        #expect(Progress.bar(10, of: 10) == "[" + String(repeating: "█", count: 20) + "]")
        #expect(Progress.bar(12, of: 10) == Progress.bar(10, of: 10))
        #expect(Progress.bar(3, of: 0) == Progress.bar(0, of: 10))
    }

    @Test("off a terminal: numbered steps, a counter line every 20%, none for counters without plain lines, nothing when quiet")
    func plainLines() {
        let lines = LineCollector()
        let progress = Progress(totalSteps: 2, quiet: false) { lines.append($0) }
        progress.begin("Training")
        for i in 1...10 { progress.counter(i, of: 10, noun: "iteration", since: Date(), plainLines: false) }
        progress.begin("Explaining")
        for i in 1...10 { progress.counter(i, of: 10, noun: "user", since: Date()) }
        let counted = lines.text.split(separator: "\n").filter { $0.contains("/10 user") }
        #expect(lines.text.hasPrefix("[1/2] Training\n[2/2] Explaining\n"))
        #expect(counted.map { $0.split(separator: " ").first.map(String.init) } == ["2/10", "4/10", "6/10", "8/10", "10/10"])
        #expect(!lines.text.contains("iteration"))

        let silent = LineCollector()
        let quiet = Progress(totalSteps: 1, quiet: true) { silent.append($0) }
        quiet.begin("Training"); quiet.counter(1, of: 1, noun: "user", since: Date()); quiet.end("done")
        #expect(silent.text.isEmpty)
    }
}
