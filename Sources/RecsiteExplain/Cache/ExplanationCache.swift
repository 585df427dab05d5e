import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Explanations a model wrote, one JSON file per answer under the SHA-256 of everything that
/// decided it (`CacheableExplainer.cacheIdentity(for:)`), so a rebuild asks the model only for
/// users whose prompt, model or options changed.
///
/// Each file is written to a temporary name in the same folder and renamed into place, so a reader
/// (or a crash) never sees half an entry; an unreadable or foreign file counts as a miss.
package struct ExplanationCache: Sendable {
    /// One stored answer, as its file holds it (sorted keys).
    package struct Entry: Codable, Sendable, Equatable {
        /// `CacheIdentity.currentFormat` when written.
        package var format: String
        /// The SHA-256 (hex) the file is named after.
        package var key: String
        package var markdown: String
        package var source: ExplanationSource
        package var cutShort: Bool
        /// When the model wrote it, ISO 8601 in UTC, from the cache's clock.
        package var created: String
        package var promptTokens: Int?
        package var estimatedPromptTokens: Int?
        package var evalCount: Int?
        /// Seconds the generation took when it ran.
        package var durationSeconds: Double?
        package var warnings: [String]

        /// The stored answer, marked as coming from the cache.
        package var explanation: Explanation {
            Explanation(markdown: markdown, source: source, cutShort: cutShort, warnings: warnings,
                        promptTokens: promptTokens, estimatedPromptTokens: estimatedPromptTokens, evalCount: evalCount,
                        durationSeconds: durationSeconds, fromCache: true)
        }
    }

    /// The folder `recsite build` uses beside its output folder when `--cache` is not given.
    package static let defaultFolderName = ".recsite-cache/explanations"

    /// The folder holding one file per entry.
    package let directory: URL
    /// The clock stamping `created` (and timing generations in `CachedExplainer`).
    package let now: @Sendable () -> Date

    package init(directory: URL, now: @escaping @Sendable () -> Date = { Date() }) {
        self.directory = directory; self.now = now
    }

    /// `<parent of output>/.recsite-cache/explanations`: beside the site folder, never inside it
    /// (the site folder is replaced whole on every build).
    package static func defaultDirectory(forOutput output: URL) -> URL {
        output.standardizedFileURL.deletingLastPathComponent().appendingPathComponent(defaultFolderName, isDirectory: true)
    }

    /// The key for an identity: its SHA-256 as 64 hex digits.
    package static func key(for identity: String) -> String {
        SHA256.hex(identity)
    }

    /// The file an entry lives in.
    package func fileURL(forKey key: String) -> URL {
        directory.appendingPathComponent("\(key).json")
    }

    /// The entry stored under `key`; nil when there is none or it cannot be read as one.
    package func entry(forKey key: String) -> Entry? {
        guard let data = try? Data(contentsOf: fileURL(forKey: key)),
              let entry = try? JSONDecoder().decode(Entry.self, from: data),
              entry.key == key, entry.format == CacheIdentity.currentFormat else { return nil }
        return entry
    }

    /// Stores `explanation` under `key`, atomically replacing any older entry; returns what was written.
    @discardableResult
    package func store(_ explanation: Explanation, forKey key: String) throws(ExplanationCacheError) -> Entry {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        let entry = Entry(format: CacheIdentity.currentFormat, key: key, markdown: explanation.markdown,
                          source: explanation.source, cutShort: explanation.cutShort, created: formatter.string(from: now()),
                          promptTokens: explanation.promptTokens, estimatedPromptTokens: explanation.estimatedPromptTokens,
                          evalCount: explanation.evalCount, durationSeconds: explanation.durationSeconds,
                          warnings: explanation.warnings)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let target = fileURL(forKey: key)
        let temporary = directory.appendingPathComponent(".\(key).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try encoder.encode(entry).write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite(path: target.path, reason: error.localizedDescription)
        }
        // rename(2) replaces the target atomically; FileManager.moveItem refuses an existing one.
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite(path: target.path, reason: reason)
        }
        return entry
    }

    /// The keys of every stored entry, sorted.
    package func keys() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
    }
}

/// A cache entry that could not be written (the explanation itself is still used).
package enum ExplanationCacheError: Error, Equatable, CustomStringConvertible {
    /// Creating the folder, writing the temporary file or renaming it failed.
    case cannotWrite(path: String, reason: String)

    package var description: String {
        switch self {
        case let .cannotWrite(path, reason):
            "cannot write the explanation cache entry \(path) (\(reason)); the next build will ask the model again"
        }
    }
}
