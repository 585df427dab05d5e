import Foundation
import RecsiteCore
import RecsiteExplain
import RecsitePublish

/// `recsite build --json`: the build summary for scripts, with sorted keys.
package enum BuildSummaryJSON {
    struct Summary: Encodable {
        var site: String
        var dataset: String
        var layout: String
        var ratings: Int
        var movies: Int
        var rowsDropped: [String: Int]
        var rowsRepaired: [String: Int]
        var users: Int
        var filesWritten: Int
        var filesUnchanged: Int
        var filesRemoved: Int
        var explainer: String
        var model: String?
        var explanationFailures: Int
        var trainingRMSE: Double?
        var alsModel: ALSModelSummary?
        /// Distinct titles the explanations name, by kind, summed over the cohort's users.
        var grounding: GroundingCounts
        /// Held-out figures when the build evaluated (the full report is the site's metrics.json).
        var evaluation: Evaluation?
    }

    struct Evaluation: Encodable {
        var heldOutRMSE: Double?
        var k: Int
        var ndcgCF: Double?
        var bestNDCG: Double
        var bestNDCGList: String
    }

    /// Where the ALS factors came from.
    package struct ALSModelSummary: Encodable, Sendable {
        /// "trained" (in this build) or "reused" (from `folder`).
        var source: String
        /// "native" or "spark".
        var engine: String
        var sparkMaster: String?
        /// The model folder, for "reused".
        var folder: String?
        var trainedAt: String?
        var foldedInUsers: [Int]
    }

    package static func render(site: String, dataset: Dataset, users: Int, report: PublishReport,
                               explainer: ExplanationSource, failures: Int, trainingRMSE: Double?,
                               alsModel: ALSModelSummary? = nil, evaluation: EvaluationReport? = nil,
                               grounding: GroundingCounts = .zero) -> String {
        var dropped: [String: Int] = [:]
        for (reason, count) in dataset.cleaning.droppedInOrder { dropped[reason.rawValue] = count }
        var repaired: [String: Int] = [:]
        for (reason, count) in dataset.cleaning.repairedInOrder { repaired[reason.rawValue] = count }
        let summary = Summary(site: site, dataset: dataset.name, layout: dataset.layout.rawValue,
                              ratings: dataset.ratings.count, movies: dataset.catalog.count, rowsDropped: dropped, rowsRepaired: repaired,
                              users: users, filesWritten: report.written, filesUnchanged: report.unchanged,
                              filesRemoved: report.removed, explainer: explainer.explainer, model: explainer.model,
                              explanationFailures: failures, trainingRMSE: trainingRMSE, alsModel: alsModel, grounding: grounding,
                              evaluation: evaluation.flatMap { report in
                                  report.bestRow(for: .ndcg).map { best in
                                      Evaluation(heldOutRMSE: report.ratingMetrics.rmse, k: report.settings.k,
                                                 ndcgCF: report.rows.first { $0.name == "CF" }?.ndcg,
                                                 bestNDCG: report.rows[best].ndcg, bestNDCGList: report.rows[best].name)
                                  }
                              })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try? encoder.encode(summary)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
