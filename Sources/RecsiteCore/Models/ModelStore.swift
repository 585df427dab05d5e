import Foundation

/// A trained ALS model saved to, or loaded from, a model folder.
///
/// A model folder holds two files, written together and swapped into place atomically
/// (staged in a sibling folder, then renamed):
///
/// - `model.json`: the format and its version, the ALS settings, the engine that trained it,
///   the rank and counts, the fingerprint of the data it was trained on, and the size and
///   checksum of the binary file (sorted keys, no time stamps, so the same model gives the
///   same bytes).
/// - `factors.bin`: the id maps and the factors, little-endian (see `ModelStore+Binary.swift`).
///
/// The TF-IDF content model is *not* stored: it is a function of the catalog alone, takes well
/// under a second to rebuild even for ml-32m, and the fingerprint guarantees the catalog is the
/// one the model was trained with (`ContentModel(catalog:)`).
package struct ModelStore: Sendable {
    /// The version of the folder layout this build writes and reads.
    package static let formatVersion = 1
    /// `model.json`'s `format` value.
    package static let formatName = "recsite-als-model"
    package static let manifestFile = "model.json"
    package static let factorsFile = "factors.bin"

    /// What `model.json` says.
    package let manifest: ModelManifest
    /// The factors, with users in training order and items in catalog order.
    package let model: ALSModel
    /// The catalog's movie ids at training time, in item order (ascending).
    package let movieIDs: [Int]
    /// Where the model was loaded from.
    package let folder: URL

    /// A catalog of the model's movies (ids only, no titles), for scoring pairs without the data.
    package var idCatalog: Catalog {
        Catalog(movieIDs.map { Movie(id: $0, title: "", genres: []) })
    }

    // MARK: - Saving

    /// Writes `model` into `folder`, replacing an earlier model there.
    ///
    /// The files are written into a sibling staging folder which is then renamed into place, so a
    /// reader never sees half a model and a failed write leaves the old model intact.
    ///
    /// - Parameters:
    ///   - catalog: the catalog the model's item indices refer to (its ids become the item id map).
    ///   - fingerprint: the fingerprint of the training data (`DataFingerprint(matrix:catalog:)`).
    ///   - engine: who trained it ("native" or "spark"), recorded for people reading the folder.
    ///   - dataset: the data set's name, recorded for people.
    ///   - generator: the program that wrote it ("recsite 0.1.0").
    ///   - replacingAnything: replace `folder` even when it holds something that is not a model.
    ///   - trainedAt: when it was trained (ISO 8601, UTC), for people and the site's model facts;
    ///     nil leaves it out, so the same model saved twice gives the same bytes.
    ///   - sparkMaster: for `engine` "spark", the master it ran on.
    /// - Throws: `ModelStoreError.cannotWrite` or `.refusingToReplace`.
    @discardableResult
    package static func save(
        _ model: ALSModel, catalog: Catalog, fingerprint: DataFingerprint, engine: String,
        dataset: String?, generator: String, to folder: URL, replacingAnything: Bool = false,
        trainedAt: String? = nil, sparkMaster: String? = nil
    ) throws -> ModelManifest {
        guard model.itemCount == catalog.count else {
            throw ModelStoreError.cannotWrite(
                path: folder.path, reason: "the model has \(model.itemCount) movies but the catalog \(catalog.count)")
        }
        let movieIDs = catalog.movies.map(\.id)
        let factors = try encodeFactors(model, movieIDs: movieIDs)
        let manifest = ModelManifest(
            format: formatName, formatVersion: formatVersion, generator: generator, engine: engine,
            dataset: dataset, settings: model.settings, rank: model.rank, userCount: model.userCount,
            movieCount: model.itemCount, moviesWithFactors: model.itemHasFactor.lazy.filter { $0 }.count,
            ratingCount: fingerprint.ratingCount, dataFingerprint: fingerprint.description,
            factorsFile: factorsFile, factorsBytes: factors.count,
            factorsChecksum: FNV1a64.hex(FNV1a64.hash(factors)),
            contentModel: "not stored: rebuilt from the catalog (TF-IDF over titles and genres) when the model is used",
            trainedAt: trainedAt, sparkMaster: sparkMaster)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json: Data
        do {
            json = try encoder.encode(manifest) + Data("\n".utf8)
        } catch {
            throw ModelStoreError.cannotWrite(path: folder.path, reason: "cannot encode model.json: \(error)")
        }
        try FolderSwap.replace(folder, replacingAnything: replacingAnything) { staging in
            try json.write(to: staging.appendingPathComponent(manifestFile))
            try Data(factors).write(to: staging.appendingPathComponent(factorsFile))
        }
        return manifest
    }

    // MARK: - Loading

    /// Reads and validates a model folder: the manifest's format and version, the binary file's
    /// header, exact length and checksum, and that both files agree on rank and counts.
    ///
    /// - Throws: `ModelStoreError` naming the file and what is wrong with it.
    package static func load(from folder: URL) throws -> ModelStore {
        let manifestURL = folder.appendingPathComponent(manifestFile)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ModelStoreError.missingModel(path: folder.path, reason: "no such folder")
        }
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            throw ModelStoreError.missingModel(path: folder.path, reason: "it has no \(manifestFile)")
        }
        let manifest = try readManifest(manifestURL)
        let factorsURL = folder.appendingPathComponent(manifest.factorsFile)
        let bytes: Data
        do {
            bytes = try Data(contentsOf: factorsURL)
        } catch {
            throw ModelStoreError.corruptFactors(path: factorsURL.path, reason: "cannot be read (\(FileManager.default.fileExists(atPath: factorsURL.path) ? "unreadable" : "missing"))")
        }
        let decoded = try decodeFactors(bytes, path: factorsURL.path, settings: manifest.settings)
        let path = factorsURL.path
        func disagree(_ what: String, _ binary: Int, _ json: Int) -> ModelStoreError {
            .corruptFactors(path: path, reason: "its \(what) (\(binary)) differs from \(manifestFile)'s (\(json)); the folder mixes two models")
        }
        if bytes.count != manifest.factorsBytes { throw disagree("size in bytes", bytes.count, manifest.factorsBytes) }
        if decoded.model.rank != manifest.rank { throw disagree("rank", decoded.model.rank, manifest.rank) }
        if decoded.model.userCount != manifest.userCount { throw disagree("user count", decoded.model.userCount, manifest.userCount) }
        if decoded.model.itemCount != manifest.movieCount { throw disagree("movie count", decoded.model.itemCount, manifest.movieCount) }
        return ModelStore(manifest: manifest, model: decoded.model, movieIDs: decoded.movieIDs, folder: folder)
    }

    /// Refuses a model trained on other data than `fingerprint` describes.
    ///
    /// The fingerprint covers the cleaned ratings and the catalog's ids, so when it matches, the
    /// model's user and item indices line up with a `RatingMatrix` and `Catalog` built from the data.
    /// - Throws: `ModelStoreError.differentData` with both fingerprints and counts.
    package func check(fingerprint: DataFingerprint) throws {
        guard fingerprint.description != manifest.dataFingerprint else { return }
        throw ModelStoreError.differentData(
            path: folder.path, model: manifest.dataFingerprint, data: fingerprint.description,
            modelCounts: .init(ratings: manifest.ratingCount, users: manifest.userCount, movies: manifest.movieCount),
            dataCounts: .init(ratings: fingerprint.ratingCount, users: fingerprint.userCount, movies: fingerprint.movieCount))
    }

    private static func readManifest(_ url: URL) throws -> ModelManifest {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ModelStoreError.badManifest(path: url.path, reason: "cannot be read")
        }
        // Read the format and version first, so a newer folder says "newer", not "malformed".
        struct Header: Decodable { var format: String?; var formatVersion: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw ModelStoreError.badManifest(path: url.path, reason: "is not a JSON object")
        }
        guard header.format == formatName else {
            throw ModelStoreError.badManifest(
                path: url.path, reason: "its format is \(header.format.map { "'\($0)'" } ?? "missing"), not '\(formatName)'")
        }
        guard let version = header.formatVersion else {
            throw ModelStoreError.badManifest(path: url.path, reason: "has no formatVersion")
        }
        guard version == formatVersion else {
            throw ModelStoreError.unsupportedVersion(path: url.path, found: version, supported: formatVersion)
        }
        do {
            return try JSONDecoder().decode(ModelManifest.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw ModelStoreError.badManifest(path: url.path, reason: "has no '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ModelStoreError.badManifest(path: url.path, reason: "'\(key)' has the wrong type")
        } catch let error as CoreError {
            throw ModelStoreError.badManifest(path: url.path, reason: "\(error)")
        } catch {
            throw ModelStoreError.badManifest(path: url.path, reason: "cannot be decoded")
        }
    }
}

/// The contents of `model.json`.
package struct ModelManifest: Codable, Sendable, Equatable {
    package var format: String
    package var formatVersion: Int
    /// The program that wrote the folder ("recsite 0.1.0").
    package var generator: String
    /// "native" (recsite's ALS) or "spark" (Spark MLlib through `spark-submit`).
    package var engine: String
    /// The data set's name, for people.
    package var dataset: String?
    package var settings: ALSSettings
    package var rank: Int
    package var userCount: Int
    package var movieCount: Int
    /// Catalog movies that had ratings in training, hence a factor.
    package var moviesWithFactors: Int
    package var ratingCount: Int
    /// `DataFingerprint.description` of the training data.
    package var dataFingerprint: String
    package var factorsFile: String
    package var factorsBytes: Int
    /// FNV-1a 64 of the whole `factors.bin`, in hex, for people and tools (the file also checks itself).
    package var factorsChecksum: String
    /// Says why the content model is not in the folder.
    package var contentModel: String
    /// When the model was trained (ISO 8601, UTC; `SOURCE_DATE_EPOCH` when that was set); absent
    /// in folders written without it. Optional, so version-1 folders from before it still load.
    package var trainedAt: String? = nil
    /// The Spark master a Spark-trained model ran on (`local[*]`, `spark://…`); absent otherwise.
    package var sparkMaster: String? = nil
}

/// Why a model folder cannot be written, read or used.
package enum ModelStoreError: Error, Equatable, CustomStringConvertible {
    /// Counts shown when a model and the data disagree.
    package struct Counts: Sendable, Equatable {
        package var ratings: Int
        package var users: Int
        package var movies: Int
    }

    /// The folder is not a model folder.
    case missingModel(path: String, reason: String)
    /// `model.json` is unreadable, malformed or of another format.
    case badManifest(path: String, reason: String)
    /// `model.json` was written by a different version of the format.
    case unsupportedVersion(path: String, found: Int, supported: Int)
    /// `factors.bin` is missing, truncated, corrupted or disagrees with `model.json`.
    case corruptFactors(path: String, reason: String)
    /// The model was trained on different data than the data given now.
    case differentData(path: String, model: String, data: String, modelCounts: Counts, dataCounts: Counts)
    /// The folder exists and holds something that is not a model.
    case refusingToReplace(path: String)
    /// Writing failed.
    case cannotWrite(path: String, reason: String)

    package var description: String {
        switch self {
        case let .missingModel(path, reason):
            return "\(path) is not a recsite model folder (\(reason)); create one with 'recsite train --data DIR --model-dir \(path)'"
        case let .badManifest(path, reason):
            return "\(path) \(reason); it is not a model.json recsite wrote (retrain with 'recsite train')"
        case let .unsupportedVersion(path, found, supported):
            let which = found > supported ? "a newer recsite" : "an older recsite"
            return "\(path) has model format version \(found), written by \(which); this recsite reads version \(supported): retrain with 'recsite train'"
        case let .corruptFactors(path, reason):
            return "\(path) is damaged: \(reason); retrain with 'recsite train'"
        case let .differentData(path, model, data, m, d):
            // 100000 → "100,000", without the locale.
            func grouped(_ n: Int) -> String {
                let digits = Array(String(n.magnitude))
                let text = digits.enumerated().map { i, d in (i > 0 && (digits.count - i) % 3 == 0 ? "," : "") + String(d) }.joined()
                return n < 0 ? "-" + text : text
            }
            func counts(_ c: Counts) -> String { "\(grouped(c.ratings)) ratings, \(grouped(c.users)) users, \(grouped(c.movies)) movies" }
            return "the model in \(path) was trained on different data (model: \(counts(m)), fingerprint \(model); "
                + "this data: \(counts(d)), fingerprint \(data)); retrain with 'recsite train --data DIR --model-dir \(path)' or pass the data it was trained on"
        case let .refusingToReplace(path):
            return "refusing to replace \(path): it exists and is not a recsite model folder (choose another folder, or pass --force)"
        case let .cannotWrite(path, reason):
            return "cannot write the model to \(path): \(reason)"
        }
    }
}

/// Replaces a folder with a freshly written one without a moment where it is half written.
enum FolderSwap {
    /// Writes into a sibling staging folder with `fill`, then renames it over `target`
    /// (renaming an existing `target` aside first and removing it last).
    static func replace(_ target: URL, replacingAnything: Bool, fill: (URL) throws -> Void) throws {
        let fm = FileManager.default
        let target = target.standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: target.path, isDirectory: &isDirectory)
        if exists && !replacingAnything {
            let isModel = isDirectory.boolValue
                && fm.fileExists(atPath: target.appendingPathComponent(ModelStore.manifestFile).path)
            let isEmpty = isDirectory.boolValue && ((try? fm.contentsOfDirectory(atPath: target.path))?.isEmpty ?? false)
            if !isModel && !isEmpty { throw ModelStoreError.refusingToReplace(path: target.path) }
        }
        let token = UUID().uuidString.prefix(8)
        let staging = parent.appendingPathComponent(".\(name).staging-\(token)")
        let old = parent.appendingPathComponent(".\(name).old-\(token)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw ModelStoreError.cannotWrite(path: target.path, reason: "cannot create \(staging.path)")
        }
        do {
            try fill(staging)
            if exists { try fm.moveItem(at: target, to: old) }
            do {
                try fm.moveItem(at: staging, to: target)
            } catch {
                if exists { try? fm.moveItem(at: old, to: target) }
                throw error
            }
            if exists { try? fm.removeItem(at: old) }
        } catch let error as ModelStoreError {
            try? fm.removeItem(at: staging)
            throw error
        } catch {
            try? fm.removeItem(at: staging)
            throw ModelStoreError.cannotWrite(path: target.path, reason: "\(error.localizedDescription)")
        }
    }
}
