import Foundation
import RecsiteCore
import RecsitePublish

/// Turns an `EvaluationReport` into the index's evaluation section and the site's `metrics.json`.
package struct EvaluationPresenter: Sendable {
    package var report: EvaluationReport

    package init(report: EvaluationReport) { self.report = report }

    /// The columns the table shows, in order, with their short header and meaning.
    static func columns(k: Int) -> [(EvaluationReport.Metric, EvaluationSection.Column)] {
        [
            (.precision, .init(label: "P@\(k)", meaning: "Precision at \(k): share of the top \(k) that is relevant")),
            (.recall, .init(label: "R@\(k)", meaning: "Recall at \(k): share of the relevant held-out movies found in the top \(k)")),
            (.ndcg, .init(label: "NDCG@\(k)", meaning: "Normalised discounted cumulative gain at \(k): relevant movies ranked higher count more")),
            (.map, .init(label: "MAP@\(k)", meaning: "Mean average precision at \(k)")),
            (.hitRate, .init(label: "Hit@\(k)", meaning: "Hit rate at \(k): share of users with at least one relevant movie in the top \(k)")),
            (.coverage, .init(label: "Coverage", meaning: "Catalog coverage: share of all movies recommended to at least one evaluated user")),
            (.diversity, .init(label: "Diversity", meaning: "Intra-list diversity: mean genre dissimilarity of the pairs in a list")),
            (.novelty, .init(label: "Novelty", meaning: "Novelty: mean −log₂ of a recommended movie's popularity, in bits (higher is less popular)")),
        ]
    }

    /// The index section: method, headline, error figures, the table with the best values marked
    /// and a chart of the ranking metrics against α.
    package func section() -> EvaluationSection {
        let settings = report.settings
        let k = settings.k
        let columns = Self.columns(k: k)
        let rows = report.rows.map { row in
            EvaluationSection.Row(name: row.name, cells: columns.map { metric, _ in
                let value = metric.value(in: row)
                return EvaluationSection.Cell(text: Self.format(value, metric), best: isBest(value, metric))
            })
        }
        return EvaluationSection(
            method: method(), headline: headline(), ratingFacts: ratingFacts(),
            columns: columns.map(\.1), rows: rows, chartSVG: chart(), chartSummary: chartSummary())
    }

    /// A value is marked best when no row beats it (ties are all marked) and some row is below it:
    /// a column where every row is equal has no best.
    private func isBest(_ value: Double, _ metric: EvaluationReport.Metric) -> Bool {
        guard let best = report.bestRow(for: metric) else { return false }
        return value == metric.value(in: report.rows[best]) && report.rows.contains { metric.value(in: $0) < value }
    }

    package static func format(_ value: Double, _ metric: EvaluationReport.Metric) -> String {
        Format.fixed(value, metric == .novelty ? 2 : 3)
    }

    private func method() -> String {
        let s = report.settings
        let share = Format.percent(s.fraction)
        let split = s.split == "time" ? "each user's latest \(share) of ratings" : "a random \(share) of each user's ratings (seed \(s.seed ?? 0))"
        let sampled = s.usersEvaluated < s.usersWithRelevant
            ? "a seeded sample of \(Format.count(s.usersEvaluated)) of the \(Format.count(s.usersWithRelevant)) test users"
            : "all \(Format.count(s.usersEvaluated)) test users"
        return "Held out \(split): ALS and the content model were trained on the other \(Format.count(s.trainRatings)) ratings "
            + "through the same code that builds this site, and \(sampled) with at least one held-out rating ≥ "
            + "\(Format.alpha(s.relevantThreshold)) were ranked over the movies they had not rated in training. A held-out "
            + "rating ≥ \(Format.alpha(s.relevantThreshold)) makes a movie relevant; lists are cut at k = \(s.k). "
            + "Metric definitions follow Microsoft Recommenders' python_evaluation."
    }

    /// "On NDCG@10 the best hybrid is α=0.25 (0.104), 4.0× CF alone (0.026)." plus a word on the
    /// popularity baseline when it beats every personalised list.
    private func headline() -> String {
        let k = report.settings.k
        let ndcg = { (row: EvaluationReport.Row) in Self.format(row.ndcg, .ndcg) }
        var sentences: [String] = []
        let hybrids = hybridRows
        let cf = report.rows.first { $0.name == "CF" }
        if let best = hybrids.max(by: { $0.ndcg < $1.ndcg || ($0.ndcg == $1.ndcg && $0.alpha! > $1.alpha!) }) {
            var sentence = "On NDCG@\(k) the best hybrid is α = \(Format.alpha(best.alpha!)) (\(ndcg(best)))"
            if let cf {
                if best.ndcg <= cf.ndcg {
                    sentence += ", no better than CF alone (\(ndcg(cf)))"
                } else if cf.ndcg > 0 {
                    let ratio = best.ndcg / cf.ndcg
                    sentence += ratio >= 2 ? ", \(Format.fixed(ratio, 1))× CF alone (\(ndcg(cf)))"
                        : ", \(Format.percent(ratio - 1)) above CF alone (\(ndcg(cf)))"
                } else {
                    sentence += "; CF alone scores \(ndcg(cf))"
                }
            }
            sentences.append(sentence + ".")
        }
        if let popularity = report.rows.first(where: { $0.name == "Popularity" }),
           report.rows.allSatisfy({ $0.name == "Popularity" || $0.ndcg < popularity.ndcg }) {
            sentences.append("The popularity baseline (the most-rated movies the user has not seen) scores \(ndcg(popularity)), "
                + "above every personalised list: held-out ratings favour popular movies, which ALS and content similarity "
                + "do not push (see the novelty column).")
        }
        return sentences.joined(separator: " ")
    }

    private func ratingFacts() -> [Fact] {
        let m = report.ratingMetrics
        var facts = [
            Fact("ALS RMSE (held-out ratings)", m.rmse.map { Format.fixed($0, 4) } ?? "–"),
            Fact("ALS MAE", m.mae.map { Format.fixed($0, 4) } ?? "–"),
            Fact("RMSE of the global mean", m.globalMeanRMSE.map { Format.fixed($0, 4) } ?? "–"),
            Fact("Held-out ratings scored", Format.count(m.scored)),
        ]
        if m.cold > 0 { facts.append(Fact("Held-out ratings without a factor (dropped)", Format.count(m.cold))) }
        return facts
    }

    /// The hybrid rows, in α order, with the ranking metrics the chart draws.
    private var hybridRows: [EvaluationReport.Row] { report.rows.filter { $0.alpha != nil }.sorted { $0.alpha! < $1.alpha! } }
    private static let charted: [EvaluationReport.Metric] = [.precision, .recall, .ndcg, .map]

    private func chart() -> String {
        let rows = hybridRows
        guard !rows.isEmpty else { return "" }
        let labels = Dictionary(uniqueKeysWithValues: Self.columns(k: report.settings.k).map { ($0.0, $0.1.label) })
        let series = Self.charted.map { metric in
            SVGChart.Series(name: labels[metric]!, values: rows.map { metric.value(in: $0) })
        }
        return SVGChart.lines(series, xLabels: rows.map { Format.alpha($0.alpha!) }, xTitle: "α (0 = CF only, 1 = content only)",
                              title: "Ranking metrics of the hybrid list against α", description: chartSummary(), id: "metrics-alpha")
    }

    private func chartSummary() -> String {
        let rows = hybridRows
        guard !rows.isEmpty else { return "" }
        let labels = Dictionary(uniqueKeysWithValues: Self.columns(k: report.settings.k).map { ($0.0, $0.1.label) })
        return Self.charted.map { metric in
            labels[metric]! + ": " + rows.map { "α=\(Format.alpha($0.alpha!)) \(Self.format(metric.value(in: $0), metric))" }
                .joined(separator: ", ")
        }.joined(separator: "; ") + "."
    }

    /// `metrics.json`: the report with the best row of each column, sorted keys, stable bytes.
    package func metricsJSON() -> [UInt8] {
        struct File: Encodable {
            var definitions: String
            var settings: EvaluationReport.Settings
            var ratingMetrics: RatingMetrics
            var rows: [EvaluationReport.Row]
            var best: [EvaluationReport.Best]
        }
        let file = File(
            definitions: "Microsoft Recommenders python_evaluation (precision, recall, NDCG, MAP at k; hit rate; catalog "
                + "coverage; intra-list diversity over genres; novelty = mean -log2 popularity)",
            settings: report.settings, ratingMetrics: report.ratingMetrics, rows: report.rows, best: report.bestByColumn())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(file)) ?? Data("{}".utf8)
        return Array(data) + [0x0A]
    }
}
