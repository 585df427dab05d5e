import Foundation
import Testing
import RecsiteCore

@Suite("EvaluationReport")
struct EvaluationReportTests {
    private static func row(_ name: String, alpha: Double? = nil, precision: Double, ndcg: Double, novelty: Double) -> EvaluationReport.Row {
        EvaluationReport.Row(name: name, alpha: alpha, precision: precision, recall: 0.1, ndcg: ndcg, map: 0.05,
                             hitRate: 0.5, coverage: 0.2, diversity: 0.7, novelty: novelty)
    }

    private let report = EvaluationReport(
        settings: EvaluationReport.Settings(split: "random", fraction: 0.2, seed: 7, k: 10, relevantThreshold: 4,
                                            usersEvaluated: 2, usersWithRelevant: 2, trainRatings: 8, testRatings: 2),
        ratingMetrics: RatingMetrics(rmse: 0.9, mae: 0.7, scored: 2, cold: 0, globalMeanRMSE: 1.1),
        rows: [
            row("CF", precision: 0.1, ndcg: 0.3, novelty: 5),
            row("Content", precision: 0.2, ndcg: 0.1, novelty: 9),
            row("Hybrid α=0.5", alpha: 0.5, precision: 0.2, ndcg: 0.4, novelty: 7),
        ])

    @Test("picks the highest value per column; ties keep the first row")
    func best() {
        #expect(report.bestRow(for: .precision) == 1)  // 0.2 twice: Content comes first
        #expect(report.bestRow(for: .ndcg) == 2)
        #expect(report.bestRow(for: .novelty) == 1)
        #expect(report.bestRow(for: .recall) == 0)  // all equal
        let best = report.bestByColumn()
        #expect(best.map(\.metric) == EvaluationReport.Metric.allCases)
        #expect(best.map(\.row) == [1, 0, 2, 0, 0, 0, 0, 1])
        #expect(best[2] == EvaluationReport.Best(metric: .ndcg, row: 2, name: "Hybrid α=0.5", value: 0.4))
    }

    @Test("no rows, no best")
    func empty() {
        var none = report
        none.rows = []
        #expect(none.bestRow(for: .ndcg) == nil)
        #expect(none.bestByColumn().isEmpty)
    }

    @Test("hybrid rows are named by their α without a trailing .0", arguments: [
        (0.0, "Hybrid α=0"), (0.25, "Hybrid α=0.25"), (0.5, "Hybrid α=0.5"), (1.0, "Hybrid α=1"),
    ])
    func hybridNames(alpha: Double, name: String) {
        #expect(EvaluationReport.Row.hybridName(alpha: alpha) == name)
    }

    @Test("encodes as arrays of named fields, absent optionals left out, and decodes back")
    func json() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(report)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix(#"{"ratingMetrics":{"cold":0,"globalMeanRMSE":1.1,"mae":0.7,"rmse":0.9,"scored":2},"rows":[{"coverage":0.2,"#))
        #expect(text.contains(#"{"coverage":0.2,"diversity":0.7,"hitRate":0.5,"map":0.05,"name":"CF","ndcg":0.3,"novelty":5,"precision":0.1,"recall":0.1}"#))
        #expect(text.contains(#""alpha":0.5,"#))
        #expect(text.hasSuffix(#""settings":{"fraction":0.2,"k":10,"relevantThreshold":4,"seed":7,"split":"random","testRatings":2,"trainRatings":8,"usersEvaluated":2,"usersWithRelevant":2}}"#))
        #expect(try JSONDecoder().decode(EvaluationReport.self, from: data) == report)
    }
}
