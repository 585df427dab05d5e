import Foundation
import Testing
import RecsiteCore
import RecsiteTestSupport

@Suite("ModelStore")
struct ModelStoreTests {
    static let table = ModelFixtures.randomRatings(users: 25, items: 18, density: 0.4, seed: 11)
    /// Movie 99 is in the catalog but never rated: it has no factor.
    static let catalog = ModelFixtures.catalog(ids: Array(1...18) + [99])
    static let settings = ALSSettings(rank: 4, iterations: 5, regParam: 0.05, nonnegative: false, seed: 7, threads: 2)

    /// A trained model saved into a fresh folder.
    struct Saved {
        let folder: TemporaryDirectory
        let url: URL
        let model: ALSModel
        let fingerprint: DataFingerprint
        let manifest: ModelManifest

        init() throws {
            folder = try TemporaryDirectory()
            url = folder.url.appendingPathComponent("model")
            let matrix = RatingMatrix(ratings: ModelStoreTests.table, catalog: ModelStoreTests.catalog)
            model = try ALSTrainer.train(matrix, settings: ModelStoreTests.settings)
            fingerprint = DataFingerprint(matrix: matrix, catalog: ModelStoreTests.catalog)
            manifest = try ModelStore.save(
                model, catalog: ModelStoreTests.catalog, fingerprint: fingerprint, engine: "native",
                dataset: "fixture", generator: "recsite test", to: url)
        }

        var factorsPath: String { url.appendingPathComponent("factors.bin").path }
    }

    @Test("a saved model loads back with identical factors, ids, flags and settings")
    func roundTrip() throws {
        let saved = try Saved()
        defer { saved.folder.remove() }
        let store = try ModelStore.load(from: saved.url)
        #expect(store.model.rank == 4)
        #expect(store.model.userIDs == saved.model.userIDs)
        #expect(store.model.userFactors == saved.model.userFactors)
        #expect(store.model.itemFactors == saved.model.itemFactors)
        #expect(store.model.itemHasFactor == saved.model.itemHasFactor)
        #expect(store.model.itemHasFactor.last == false)
        #expect(store.movieIDs == Array(1...18) + [99])
        var expected = Self.settings
        expected.threads = store.model.settings.threads  // threads are not stored: they change nothing
        #expect(store.model.settings == expected)
        #expect(store.manifest == saved.manifest)
        #expect(saved.manifest.userCount == 25 && saved.manifest.movieCount == 19 && saved.manifest.moviesWithFactors == 18)
        #expect(saved.manifest.ratingCount == Self.table.count)
        #expect(saved.manifest.factorsBytes == 32 + 4 * 25 + 4 * 19 + 20 + 4 * 4 * (25 + 19))
        #expect(saved.manifest.dataFingerprint == saved.fingerprint.description)
        try store.check(fingerprint: saved.fingerprint)
    }

    @Test("the same model saved twice gives byte-identical files, and no staging folder is left behind")
    func deterministicBytes() throws {
        let saved = try Saved()
        defer { saved.folder.remove() }
        let first = try [Data(contentsOf: saved.url.appendingPathComponent("model.json")), Data(contentsOf: URL(fileURLWithPath: saved.factorsPath))]
        try ModelStore.save(saved.model, catalog: Self.catalog, fingerprint: saved.fingerprint, engine: "native",
                            dataset: "fixture", generator: "recsite test", to: saved.url)
        let second = try [Data(contentsOf: saved.url.appendingPathComponent("model.json")), Data(contentsOf: URL(fileURLWithPath: saved.factorsPath))]
        #expect(first == second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: saved.folder.url.path) == ["model"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: saved.url.path).sorted() == ["factors.bin", "model.json"])
    }

    @Test("factors.bin of a hand-made model has the documented little-endian layout")
    func exactLayout() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let model = ALSModel(rank: 1, userIDs: [7], userFactors: [1.5], itemFactors: [2, 0], itemHasFactor: [true, false])
        let catalog = ModelFixtures.catalog(ids: [3, 300])
        let matrix = RatingMatrix(ratings: ModelFixtures.ratings([(7, 3, 4)]), catalog: catalog)
        try ModelStore.save(model, catalog: catalog, fingerprint: DataFingerprint(matrix: matrix, catalog: catalog),
                            engine: "native", dataset: nil, generator: "t", to: folder.url.appendingPathComponent("m"))
        let bytes = [UInt8](try Data(contentsOf: folder.url.appendingPathComponent("m/factors.bin")))
        let payload: [UInt8] = [7, 0, 0, 0, 3, 0, 0, 0, 44, 1, 0, 0, 1, 0, 0, 0,
                                0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0x40, 0, 0, 0, 0]
        let header: [UInt8] = Array("RSALSFAC".utf8) + [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0]
        #expect(bytes.count == 32 + payload.count)
        #expect(Array(bytes[0..<24]) == header)
        #expect(Array(bytes[32...]) == payload)
        var checksum: UInt64 = 0
        for i in 0..<8 { checksum |= UInt64(bytes[24 + i]) << (8 * UInt64(i)) }
        #expect(checksum == FNV1a64.hash(payload))
    }

    @Test("FNV-1a 64 matches its published test vectors")
    func fnvVectors() {
        #expect(FNV1a64.hash([]) == 0xCBF2_9CE4_8422_2325)
        #expect(FNV1a64.hash(Array("a".utf8)) == 0xAF63_DC4C_8601_EC8C)
        #expect(FNV1a64.hash(Array("foobar".utf8)) == 0x8594_4171_F739_67E8)
    }

    @Test("a truncated factors.bin is refused with its sizes")
    func truncated() throws {
        let saved = try Saved()
        defer { saved.folder.remove() }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: saved.factorsPath))
        try bytes.prefix(bytes.count - 5).write(to: URL(fileURLWithPath: saved.factorsPath))
        let error = #expect(throws: ModelStoreError.self) { try ModelStore.load(from: saved.url) }
        #expect(error?.description == "\(saved.factorsPath) is damaged: it has \(bytes.count - 5) bytes but rank 4, 25 users and 19 movies need \(bytes.count) (truncated); retrain with 'recsite train'")
    }

    @Test("a factors.bin shorter than its header is refused")
    func shorterThanHeader() throws {
        let saved = try Saved()
        defer { saved.folder.remove() }
        try Data(Array("RSALS".utf8)).write(to: URL(fileURLWithPath: saved.factorsPath))
        let error = #expect(throws: ModelStoreError.self) { try ModelStore.load(from: saved.url) }
        #expect(error?.description == "\(saved.factorsPath) is damaged: it has 5 bytes, fewer than the 32-byte header (truncated); retrain with 'recsite train'")
    }

    @Test("one flipped byte in the factors fails the checksum")
    func corrupted() throws {
        let saved = try Saved()
        defer { saved.folder.remove() }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: saved.factorsPath)))
        bytes[bytes.count - 3] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: saved.factorsPath))
        let error = #expect(throws: ModelStoreError.self) { try ModelStore.load(from: saved.url) }
        guard case let .corruptFactors(path, reason) = error else {
            Issue.record("expected corruptFactors, got \(String(describing: error))")
            return
        }
        #expect(path == saved.factorsPath)
        #expect(reason.hasPrefix("its checksum does not match its contents (expected "))
    }

    @Test("a model.json of another format version is refused and says which")
    func otherVersion() throws {
        let saved = try Saved()
        defer { saved.folder.remove() }
        let path = saved.url.appendingPathComponent("model.json")
        let text = try String(contentsOf: path, encoding: .utf8).replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 2")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: ModelStoreError.self) { try ModelStore.load(from: saved.url) }
        #expect(error == .unsupportedVersion(path: path.path, found: 2, supported: 1))
        #expect(error?.description == "\(path.path) has model format version 2, written by a newer recsite; this recsite reads version 1: retrain with 'recsite train'")
    }

    @Test("a folder without model.json is not a model folder")
    func notAModel() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let error = #expect(throws: ModelStoreError.self) { try ModelStore.load(from: folder.url) }
        #expect(error == .missingModel(path: folder.url.path, reason: "it has no model.json"))
    }

    @Test("factors.bin from another model (other counts) is refused as a mixed folder")
    func mixedFolder() throws {
        let saved = try Saved()
        defer { saved.folder.remove() }
        let other = ALSModel(rank: 4, userIDs: [1], userFactors: [1, 2, 3, 4], itemFactors: [Float](repeating: 1, count: 19 * 4),
                             itemHasFactor: [Bool](repeating: true, count: 19), settings: Self.settings)
        let otherURL = saved.folder.url.appendingPathComponent("other")
        try ModelStore.save(other, catalog: Self.catalog, fingerprint: saved.fingerprint, engine: "native", dataset: nil,
                            generator: "t", to: otherURL)
        try FileManager.default.removeItem(atPath: saved.factorsPath)
        try FileManager.default.copyItem(at: otherURL.appendingPathComponent("factors.bin"), to: URL(fileURLWithPath: saved.factorsPath))
        let error = #expect(throws: ModelStoreError.self) { try ModelStore.load(from: saved.url) }
        let otherBytes = 32 + 4 + 4 * 19 + 20 + 4 * 4 * 20
        #expect(error == .corruptFactors(path: saved.factorsPath, reason: "its size in bytes (\(otherBytes)) differs from model.json's (\(saved.manifest.factorsBytes)); the folder mixes two models"))
    }

    @Test("a model trained on other data is refused with both fingerprints and counts")
    func fingerprintMismatch() throws {
        let saved = try Saved()
        defer { saved.folder.remove() }
        var changed = Self.table
        changed.values[0] = changed.values[0] == 5 ? 4.5 : changed.values[0] + 0.5
        let other = DataFingerprint(matrix: RatingMatrix(ratings: changed, catalog: Self.catalog), catalog: Self.catalog)
        #expect(other != saved.fingerprint)
        let store = try ModelStore.load(from: saved.url)
        let error = #expect(throws: ModelStoreError.self) { try store.check(fingerprint: other) }
        let n = Self.table.count
        #expect(error?.description == "the model in \(saved.url.path) was trained on different data (model: \(n) ratings, 25 users, 19 movies, fingerprint \(saved.fingerprint); "
            + "this data: \(n) ratings, 25 users, 19 movies, fingerprint \(other)); retrain with 'recsite train --data DIR --model-dir \(saved.url.path)' or pass the data it was trained on")
    }

    @Test("the fingerprint ignores row order and time stamps but not movie ids")
    func fingerprintScope() {
        let base = ModelFixtures.ratings([(1, 1, 4), (1, 2, 3), (2, 1, 5)])
        let reordered = ModelFixtures.ratings([(2, 1, 5), (1, 2, 3), (1, 1, 4)])
        var stamped = base
        stamped.timestamps = [100, 200, 300]
        let catalog = ModelFixtures.catalog(ids: [1, 2])
        func print(_ t: RatingsTable, _ c: Catalog) -> DataFingerprint { DataFingerprint(matrix: RatingMatrix(ratings: t, catalog: c), catalog: c) }
        #expect(print(base, catalog) == print(reordered, catalog))
        #expect(print(base, catalog) == print(stamped, catalog))
        #expect(print(base, catalog) != print(base, ModelFixtures.catalog(ids: [1, 2, 3])))
        #expect(print(base, catalog).description.hasPrefix("fnv1a64:") && print(base, catalog).description.count == 24)
    }

    @Test("a folder that holds something else is not replaced unless asked")
    func refusesForeignFolder() throws {
        let saved = try Saved()
        defer { saved.folder.remove() }
        let foreign = try saved.folder.write("photos/cat.jpg", "meow").deletingLastPathComponent()
        let error = #expect(throws: ModelStoreError.self) {
            try ModelStore.save(saved.model, catalog: Self.catalog, fingerprint: saved.fingerprint, engine: "native",
                                dataset: nil, generator: "t", to: foreign)
        }
        #expect(error == .refusingToReplace(path: foreign.path))
        #expect(FileManager.default.fileExists(atPath: foreign.appendingPathComponent("cat.jpg").path))
        try ModelStore.save(saved.model, catalog: Self.catalog, fingerprint: saved.fingerprint, engine: "native",
                            dataset: nil, generator: "t", to: foreign, replacingAnything: true)
        #expect(try ModelStore.load(from: foreign).model.userFactors == saved.model.userFactors)
    }
}
