import Foundation
import Testing
import RecsiteCore
import RecsiteTestSupport

/// `data/ml-100k/` (RecBole files) in the package root: fetched, never committed.
private let folder = PackageRoot.url.appendingPathComponent("data/ml-100k", isDirectory: true)

private let present: Bool = {
    let present = FileManager.default.fileExists(atPath: folder.path)
    if !present { print("note: \(folder.path) is absent; skipping the MovieLens 100K evaluation test") }
    return present
}()

@Suite("Evaluator on the real MovieLens 100K, when data/ml-100k/ exists")
struct EvaluationMovieLens100KTests {
    @Test("ALS beats the global mean with RMSE < 1; prints every row's NDCG@10", .enabled(if: present))
    func evaluate() throws {
        let dataset = try DatasetLoader.load(directory: folder)
        // The site's defaults: rank 10, 10 iterations, λ 0.1, nonnegative, seed 42; top 10, five α.
        let evaluator = Evaluator(split: .random(fraction: 0.2, seed: 42), als: ALSSettings(),
                                  hybrid: HybridSettings(), relevantThreshold: 4)
        let started = ContinuousClock.now
        let report = try evaluator.run(on: dataset)
        let elapsed = ContinuousClock.now - started

        let r = report.ratingMetrics
        let rmse = try #require(r.rmse)
        let baseline = try #require(r.globalMeanRMSE)
        print("note: ml-100k evaluation (\(evaluator.threads) threads) took \(elapsed.formatted(.units(allowed: [.milliseconds])))")
        print("note: \(report.settings.trainRatings) train / \(report.settings.testRatings) test ratings, "
            + "\(report.settings.usersEvaluated) users evaluated")
        print("note: RMSE \(fmt(rmse)), MAE \(fmt(r.mae ?? .nan)), global-mean RMSE \(fmt(baseline)), scored \(r.scored), cold \(r.cold)")
        for row in report.rows {
            print("note: \(row.name.padding(toLength: 16, withPad: " ", startingAt: 0)) "
                + "P@10 \(fmt(row.precision)) R@10 \(fmt(row.recall)) NDCG@10 \(fmt(row.ndcg)) MAP@10 \(fmt(row.map)) "
                + "HR@10 \(fmt(row.hitRate)) cov \(fmt(row.coverage)) div \(fmt(row.diversity)) nov \(fmt(row.novelty))")
        }
        if let best = report.bestRow(for: .ndcg) {
            print("note: best NDCG@10: \(report.rows[best].name), \(fmt(report.rows[best].ndcg)) vs CF \(fmt(report.rows[0].ndcg))")
        }

        #expect(rmse < 1.0)
        #expect(rmse < baseline)
        #expect(report.settings.trainRatings + report.settings.testRatings == 100_000)
        // Every user has ≥ 20 ratings, so each holds out exactly n − round(0.8 n) of them.
        #expect(report.settings.testRatings == heldOut(dataset.ratings))
        #expect(report.rows.count == 3 + HybridSettings().alphas.count)
    }

    private func fmt(_ x: Double) -> String { String(format: "%.4f", x) }

    private func heldOut(_ ratings: RatingsTable) -> Int {
        var perUser: [Int32: Int] = [:]
        for u in ratings.userIDs { perUser[u, default: 0] += 1 }
        return perUser.values.reduce(0) { $0 + EvaluationSplit.heldOutCount(ratings: $1, fraction: 0.2) }
    }
}
