import Foundation
import Testing
import RecsiteCore
import RecsiteTestSupport

/// The synthetic data set of the end-to-end tests (30 users who like one of three genre groups),
/// loaded through `DatasetLoader` as the site loads real data.
private let synthetic: Dataset? = {
    guard let folder = try? TemporaryDirectory(prefix: "recsite-eval") else { return nil }
    defer { folder.remove() }
    guard let written = try? SyntheticMovieLens.write(into: folder.url.appendingPathComponent("synthetic")) else { return nil }
    return try? DatasetLoader.load(directory: written)
}()

private func evaluator(_ split: EvaluationSplit = .random(fraction: 0.2, seed: 42), threads: Int = 2,
                       maxUsers: Int? = nil) -> Evaluator {
    Evaluator(split: split, als: ALSSettings(rank: 4, iterations: 5, regParam: 0.1, seed: 42),
              hybrid: HybridSettings(count: 5, alphas: [0, 0.5, 1]), relevantThreshold: 4,
              maxUsers: maxUsers, threads: threads)
}

@Suite("Evaluator on a small synthetic data set")
struct EvaluationRunTests {
    private func dataset() throws -> Dataset { try #require(synthetic) }

    @Test("reports CF, Content, Popularity and one hybrid row per α, in that order")
    func rows() throws {
        let report = try evaluator().run(on: dataset())
        #expect(report.rows.map(\.name) == ["CF", "Content", "Popularity", "Hybrid α=0", "Hybrid α=0.5", "Hybrid α=1"])
        #expect(report.rows.map(\.alpha) == [nil, nil, nil, 0, 0.5, 1])
    }

    @Test("every ranking, coverage and diversity value is in [0, 1]; novelty is finite and ≥ 0")
    func ranges() throws {
        let report = try evaluator().run(on: dataset())
        for row in report.rows {
            for metric in EvaluationReport.Metric.allCases where metric != .novelty {
                let value = metric.value(in: row)
                #expect(value >= 0 && value <= 1, "\(row.name) \(metric.rawValue) = \(value)")
            }
            #expect(row.novelty.isFinite && row.novelty >= 0, "\(row.name) novelty = \(row.novelty)")
        }
        // The synthetic tastes are learnable: CF finds some held-out likes.
        #expect(report.rows[0].hitRate > 0)
    }

    @Test("settings and counts describe the run")
    func settings() throws {
        let data = try dataset()
        let report = try evaluator().run(on: data)
        let s = report.settings
        #expect(s.split == "random")
        #expect(s.fraction == 0.2)
        #expect(s.seed == 42)
        #expect(s.k == 5)
        #expect(s.relevantThreshold == 4)
        #expect(s.trainRatings + s.testRatings == data.ratings.count)
        #expect(s.usersEvaluated == s.usersWithRelevant)
        #expect(s.usersEvaluated > 0 && s.usersEvaluated <= 30)
        #expect(report.ratingMetrics.scored + report.ratingMetrics.cold == s.testRatings)
        #expect(report.ratingMetrics.rmse != nil)
    }

    @Test("the same settings give the same report, for any thread count")
    func deterministic() throws {
        let data = try dataset()
        let one = try evaluator(threads: 1).run(on: data)
        #expect(try evaluator(threads: 1).run(on: data) == one)
        #expect(try evaluator(threads: 4).run(on: data) == one)
    }

    @Test("the hybrid at α = 1 is the content list")
    func alphaOneIsContent() throws {
        let report = try evaluator().run(on: dataset())
        var content = report.rows[1]
        content.name = "Hybrid α=1"
        content.alpha = 1
        #expect(report.rows[5] == content)
    }

    @Test("maxUsers evaluates a fixed seeded sample of the eligible users")
    func cap() throws {
        let data = try dataset()
        let all = try evaluator().run(on: data)
        let capped = try evaluator(maxUsers: 5).run(on: data)
        #expect(capped.settings.usersEvaluated == 5)
        #expect(capped.settings.usersWithRelevant == all.settings.usersWithRelevant)
        #expect(try evaluator(maxUsers: 5).run(on: data) == capped)
        // The rating error does not depend on the cap.
        #expect(capped.ratingMetrics == all.ratingMetrics)
    }

    @Test("a time split runs through the same path")
    func timeSplit() throws {
        let report = try evaluator(.time(fraction: 0.2)).run(on: dataset())
        #expect(report.settings.split == "time")
        #expect(report.settings.seed == nil)
        #expect(report.rows.count == 6)
    }

    @Test("stages are announced in order")
    func stages() throws {
        let data = try dataset()
        var seen: [Evaluator.Stage] = []
        let report = try evaluator().run(on: data) { seen.append($0) }
        #expect(seen == [.splitting, .training(ratings: report.settings.trainRatings),
                         .ranking(users: report.settings.usersEvaluated), .scoring])
    }

    @Test("bad settings are rejected before any work")
    func invalid() throws {
        let data = try dataset()
        #expect(throws: CoreError.invalidSetting(name: "evaluation users", reason: "0 is not at least 1")) {
            try evaluator(maxUsers: 0).run(on: data)
        }
        var nan = evaluator()
        nan.relevantThreshold = .nan
        #expect(throws: CoreError.self) { try nan.run(on: data) }
        #expect(throws: CoreError.self) { try evaluator(.random(fraction: 1, seed: 1)).run(on: data) }
    }
}
