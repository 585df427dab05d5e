import Foundation
import Testing
import RecsiteCLI
import RecsiteCore
import RecsitePublish
import RecsiteExplain
import RecsiteTestSupport

/// The evaluation a build runs, as the index and metrics.json show it.
@Suite("Evaluation on the site")
struct EvaluationSiteTests {
    private static func row(_ name: String, alpha: Double? = nil, precision: Double = 0.1, ndcg: Double,
                            coverage: Double = 0.2) -> EvaluationReport.Row {
        EvaluationReport.Row(name: name, alpha: alpha, precision: precision, recall: 0.1, ndcg: ndcg, map: 0.05,
                             hitRate: 0.5, coverage: coverage, diversity: 0.7, novelty: 5)
    }

    private static func report(_ rows: [EvaluationReport.Row]) -> EvaluationReport {
        EvaluationReport(
            settings: .init(split: "random", fraction: 0.2, seed: 7, k: 10, relevantThreshold: 4, usersEvaluated: 40,
                            usersWithRelevant: 90, trainRatings: 800, testRatings: 200),
            ratingMetrics: RatingMetrics(rmse: 0.91234, mae: 0.7, scored: 198, cold: 2, globalMeanRMSE: 1.1),
            rows: rows)
    }

    @Test("the headline names the best α and its gain over CF, and the popularity baseline when it beats every list")
    func headline() {
        let section = EvaluationPresenter(report: Self.report([
            Self.row("CF", ndcg: 0.026), Self.row("Content", ndcg: 0.04), Self.row("Popularity", ndcg: 0.169),
            Self.row("Hybrid α=0", alpha: 0, ndcg: 0.026), Self.row("Hybrid α=0.25", alpha: 0.25, ndcg: 0.104),
            Self.row("Hybrid α=1", alpha: 1, ndcg: 0.04),
        ])).section()
        #expect(section.headline == "On NDCG@10 the best hybrid is α = 0.25 (0.104), 4.0× CF alone (0.026). "
            + "The popularity baseline (the most-rated movies the user has not seen) scores 0.169, above every personalised "
            + "list: held-out ratings favour popular movies, which ALS and content similarity do not push (see the novelty column).")
        let modest = EvaluationPresenter(report: Self.report([
            Self.row("CF", ndcg: 0.2), Self.row("Popularity", ndcg: 0.1), Self.row("Hybrid α=0.5", alpha: 0.5, ndcg: 0.25),
        ])).section()
        #expect(modest.headline == "On NDCG@10 the best hybrid is α = 0.5 (0.250), 25% above CF alone (0.200).")
        let none = EvaluationPresenter(report: Self.report([
            Self.row("CF", ndcg: 0.2), Self.row("Hybrid α=0", alpha: 0, ndcg: 0.2), Self.row("Hybrid α=1", alpha: 1, ndcg: 0.1),
        ])).section()
        #expect(none.headline == "On NDCG@10 the best hybrid is α = 0 (0.200), no better than CF alone (0.200).")
    }

    @Test("the best value of each column is marked, ties all marked, a column of equal values has none")
    func bestMarks() {
        let section = EvaluationPresenter(report: Self.report([
            Self.row("CF", precision: 0.3, ndcg: 0.2), Self.row("Content", precision: 0.3, ndcg: 0.1),
            Self.row("Hybrid α=0.5", alpha: 0.5, precision: 0.1, ndcg: 0.25),
        ])).section()
        #expect(section.columns.map(\.label) == ["P@10", "R@10", "NDCG@10", "MAP@10", "Hit@10", "Coverage", "Diversity", "Novelty"])
        #expect(section.rows.map { $0.cells[0] } == [.init(text: "0.300", best: true), .init(text: "0.300", best: true),
                                                     .init(text: "0.100", best: false)])
        #expect(section.rows.map { $0.cells[2].best } == [false, false, true])
        #expect(section.rows.allSatisfy { !$0.cells[1].best && !$0.cells[7].best })  // recall and novelty all equal
        #expect(section.rows[0].cells[7].text == "5.00")
        #expect(section.ratingFacts.first == Fact("ALS RMSE (held-out ratings)", "0.9123"))
        #expect(section.ratingFacts.last == Fact("Held-out ratings without a factor (dropped)", "2"))
        #expect(section.method.contains("a seeded sample of 40 of the 90 test users"))
        // The chart draws the hybrid rows against α with a text alternative of the same figures.
        #expect(section.chartSVG.hasPrefix("<svg class=\"chart\""))
        #expect(section.chartSVG.contains("<title id=\"metrics-alpha-title\">Ranking metrics of the hybrid list against α</title>"))
        #expect(section.chartSummary.hasPrefix("P@10: α=0.5 0.100; R@10: α=0.5 0.100; NDCG@10: α=0.5 0.250;"))
    }

    @Test("a build evaluates by default: the index shows the table and chart, metrics.json holds the same report")
    func buildShowsEvaluation() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        try await fixture.build()
        let index = try fixture.page("index.html")
        #expect(index.contains("<h2 id=\"evaluation-heading\">Evaluation on held-out ratings</h2>"))
        #expect(index.contains("<svg class=\"chart\""))
        #expect(index.contains("<a href=\"metrics.json\">metrics.json</a>"))

        // metrics.json is the report an Evaluator with the build's settings produces, recomputed here.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: fixture.out.appendingPathComponent("metrics.json"))) as! [String: Any]
        let options = fixture.options()
        let dataset = try DatasetLoader.load(directory: URL(fileURLWithPath: options.dataDirectory), strict: false)
        let expected = try Evaluator(
            split: .random(fraction: 0.2, seed: options.seed),
            als: ALSSettings(rank: options.rank, iterations: options.iterations, regParam: Double(options.regParam),
                             nonnegative: options.nonnegative, seed: options.seed, threads: 1),
            hybrid: HybridSettings(count: options.top, alphas: options.alphas, likedThreshold: options.likedThreshold),
            relevantThreshold: 4, maxUsers: 2000, threads: 1).run(on: dataset)
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.map { $0["name"] as? String } == expected.rows.map(\.name))
        // JSON keeps 15 significant digits here.
        let written = rows.map { $0["ndcg"] as? Double ?? .nan }
        #expect(zip(written, expected.rows.map(\.ndcg)).allSatisfy { abs($0 - $1) < 1e-12 } && written.count == expected.rows.count)
        #expect((json["settings"] as? [String: Any])?["usersEvaluated"] as? Int == expected.settings.usersEvaluated)
        // Every table row is on the page, with its NDCG as the presenter formats it.
        for row in expected.rows {
            #expect(index.contains("<tr><th scope=\"row\">\(row.name)</th>"), "\(row.name)")
            #expect(index.contains(EvaluationPresenter.format(row.ndcg, .ndcg)))
        }
    }

    @Test("--no-eval writes no metrics.json and the index says the evaluation was skipped")
    func noEval() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        try await fixture.build { $0.evaluate = false }
        #expect(!FileManager.default.fileExists(atPath: fixture.out.appendingPathComponent("metrics.json").path))
        #expect(try fixture.page("index.html").contains("This build skipped the evaluation (<code>--no-eval</code>): no held-out figures."))
    }

    @Test("--split time, --test-fraction, --relevant and --eval-users all are read")
    func optionValues() throws {
        let options = try BuildOptions(arguments: ["--split", "time", "--test-fraction", "0.1", "--relevant", "3.5", "--eval-users", "all"])
        #expect(options.split == .time && options.testFraction == 0.1 && options.relevantThreshold == 3.5 && options.evaluationUsers == nil)
        #expect(options.evaluate)
    }
}

/// The α table's arrows agree with the ranks they sit between.
@Suite("α comparison table")
struct AlphaTableTests {
    @Test("every ↑n, ↓n and 'new' matches the rank in the column before; unchanged ranks and absent movies carry none")
    func movesMatchRanks() async throws {
        let fixture = try BuildFixture()
        defer { fixture.folder.remove() }
        try await fixture.build { $0.cohort = .all }
        let cell = try Regex(#"<td class="num(?: hit)?">(\d+|–)(?: <span class="move (up|down|new)" title="([^"]*)" aria-hidden="true">([^<]*)</span><span class="visually-hidden"> \(([^)]*)\)</span>)?</td>"#)
        var moves = 0
        for path in try fixture.snapshot().keys where path.hasPrefix("users/") {
            let page = try fixture.page(path)
            let body = try #require(page.range(of: "<table class=\"alpha\">")).upperBound
            let end = try #require(page.range(of: "<tfoot>", range: body..<page.endIndex)).lowerBound
            for row in page[body..<end].split(separator: "<tr><th scope=\"row\">").dropFirst() {
                var previous: Int?? = .none
                for match in row.matches(of: cell) {
                    let rank = Int(match.output[1].substring!)
                    let direction = match.output[2].substring.map(String.init)
                    let symbol = match.output[4].substring.map(String.init)
                    if let title = match.output[3].substring { #expect(String(title) == match.output[5].substring.map(String.init)) }
                    switch (previous, rank) {
                    case (.none, _), (_, nil):
                        #expect(direction == nil, "\(path): a first column or absent movie has no move")
                    case let (.some(before?), now?):
                        if now < before { #expect(direction == "up" && symbol == "↑\(before - now)", "\(path)") }
                        if now > before { #expect(direction == "down" && symbol == "↓\(now - before)", "\(path)") }
                        if now == before { #expect(direction == nil, "\(path)") }
                    case (.some(nil), _?):
                        #expect(direction == "new" && symbol == "new", "\(path)")
                    }
                    if direction != nil { moves += 1 }
                    previous = .some(rank)
                }
            }
        }
        #expect(moves > 0)
    }
}

/// Data text written into Markdown by recsite stays exactly that text once cmark-gfm renders it.
@Suite("Titles inside generated Markdown")
struct EscapedTitleTests {
    @Test("markup, entities, autolink triggers and e-mail addresses in a title render as the title's own characters",
          arguments: [
        "**bold** _em_ `code` www.evil.example <https://evil.example/a> (1990)",
        "![x](http://evil.example/x.png) [y](javascript:alert(1))",
        "&lt;script&gt; &amp; &#60;b&#62;",
        "mail me@evil.example or WWW.EVIL.EXAMPLE, ftp://files.example/",
        "| a | b |", "~~struck~~ and \\back\\slash", "# heading?", "1. not a list",
    ])
    func literal(title: String) {
        let html = MarkdownRenderer.render("Picked: " + MarkdownEscaping.escape(title))
        #expect(html == "<p>Picked: \(HTMLEscaping.escape(title))</p>\n")
        #expect(!html.contains("<a "))
    }
}
