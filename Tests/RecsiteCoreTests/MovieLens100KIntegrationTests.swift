import Foundation
import Testing
@testable import RecsiteCore

/// `data/ml-100k/` in the package root: fetched, never committed (its licence forbids
/// redistribution), so this suite runs only where it has been downloaded.
private let realDataFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("data/ml-100k", isDirectory: true)

private let realDataPresent: Bool = {
    let present = FileManager.default.fileExists(atPath: realDataFolder.path)
    if !present { print("note: \(realDataFolder.path) is absent; skipping the MovieLens 100K integration test") }
    return present
}()

@Suite("Real MovieLens 100K, when data/ml-100k/ exists")
struct MovieLens100KIntegrationTests {
    @Test("loads 943 users, 1682 movies and 100000 ratings with nothing dropped", .enabled(if: realDataPresent))
    func loadsAll() throws {
        let started = ContinuousClock.now
        let dataset = try DatasetLoader.load(directory: realDataFolder, strict: true)
        let elapsed = ContinuousClock.now - started
        print("note: loaded \(dataset.name) (\(dataset.layout.rawValue)) in \(elapsed.formatted(.units(allowed: [.milliseconds])))")

        #expect(dataset.catalog.count == 1682)
        #expect(dataset.ratings.count == 100_000)
        #expect(Set(dataset.ratings.userIDs).count == 943)
        #expect(dataset.cleaning.ratingRowsRead == 100_000)
        #expect(dataset.cleaning.movieRowsRead == 1682)
        #expect(dataset.cleaning.totalDropped == 0)
        #expect(dataset.ratings.values.allSatisfy { [1, 2, 3, 4, 5].contains($0) })
        #expect(RatingMatrix(ratings: dataset.ratings, catalog: dataset.catalog).userCount == 943)
    }
}
