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
        var users: Int
        var filesWritten: Int
        var filesUnchanged: Int
        var filesRemoved: Int
        var explainer: String
        var model: String?
        var explanationFailures: Int
        var trainingRMSE: Double?
        /// Distinct titles the explanations name, by kind, summed over the cohort's users.
        var grounding: GroundingCounts
    }

    package static func render(site: String, dataset: Dataset, users: Int, report: PublishReport,
                               explainer: ExplanationSource, failures: Int, trainingRMSE: Double?,
                               grounding: GroundingCounts = .zero) -> String {
        var dropped: [String: Int] = [:]
        for (reason, count) in dataset.cleaning.droppedInOrder { dropped[reason.rawValue] = count }
        let summary = Summary(site: site, dataset: dataset.name, layout: dataset.layout.rawValue,
                              ratings: dataset.ratings.count, movies: dataset.catalog.count, rowsDropped: dropped,
                              users: users, filesWritten: report.written, filesUnchanged: report.unchanged,
                              filesRemoved: report.removed, explainer: explainer.explainer, model: explainer.model,
                              explanationFailures: failures, trainingRMSE: trainingRMSE, grounding: grounding)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try? encoder.encode(summary)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
