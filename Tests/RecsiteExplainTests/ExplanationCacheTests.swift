import Foundation
@testable import RecsiteExplain
import RecsiteTestSupport
import Testing

/// The explanation cache's files: keys, atomic writes, unreadable entries.
@Suite("ExplanationCache")
struct ExplanationCacheTests {
    static let newYear = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01T00:00:00Z

    static func sample(_ markdown: String = "## Your taste\n\nCrime.") -> Explanation {
        Explanation(markdown: markdown, source: ExplanationSource(explainer: "ollama", model: "gemma3"), cutShort: false,
                    warnings: ["the liked list was cut from 20 to 8 movies"], promptTokens: 600, estimatedPromptTokens: 700,
                    evalCount: 120, durationSeconds: 3.5)
    }

    @Test("an entry is stored under its key and read back whole, marked as from the cache")
    func roundTrip() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let cache = ExplanationCache(directory: folder.url.appendingPathComponent("explanations"), now: { Self.newYear })
        let key = ExplanationCache.key(for: "identity")
        #expect(key == SHA256.hex("identity"))
        #expect(cache.entry(forKey: key) == nil)
        let written = try cache.store(Self.sample(), forKey: key)
        #expect(written.created == "2025-01-01T00:00:00Z")
        let entry = try #require(cache.entry(forKey: key))
        #expect(entry == written)
        #expect(entry.format == CacheIdentity.currentFormat)
        var expected = Self.sample()
        expected.fromCache = true
        #expect(entry.explanation == expected)
        #expect(cache.keys() == [key])
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory.path) == ["\(key).json"])
    }

    @Test("storing again replaces the entry in place, leaving no temporary files")
    func replaces() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let cache = ExplanationCache(directory: folder.url, now: { Self.newYear })
        let key = ExplanationCache.key(for: "k")
        try cache.store(Self.sample("first"), forKey: key)
        try cache.store(Self.sample("second"), forKey: key)
        #expect(cache.entry(forKey: key)?.markdown == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["\(key).json"])
    }

    @Test("an unreadable file, or one holding another key, is a miss")
    func unreadableIsMiss() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let cache = ExplanationCache(directory: folder.url)
        let key = ExplanationCache.key(for: "a")
        try folder.write("\(key).json", "{\"format\": \"recsite-explanation-cache/1\", \"markdown\": ")
        #expect(cache.entry(forKey: key) == nil)
        let other = ExplanationCache.key(for: "b")
        try cache.store(Self.sample(), forKey: other)
        try FileManager.default.removeItem(at: cache.fileURL(forKey: key))
        try FileManager.default.copyItem(at: cache.fileURL(forKey: other), to: cache.fileURL(forKey: key))
        #expect(cache.entry(forKey: key) == nil)
        #expect(cache.entry(forKey: other) != nil)
    }

    @Test("the default folder sits beside the output folder, never inside it")
    func defaultFolder() {
        let folder = ExplanationCache.defaultDirectory(forOutput: URL(fileURLWithPath: "/srv/reports/site"))
        #expect(folder.path == "/srv/reports/.recsite-cache/explanations")
    }

    @Test("a folder that cannot be created is a write error naming the file")
    func writeError() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let blocker = try folder.write("blocker", "a file where the cache folder should be")
        let cache = ExplanationCache(directory: blocker.appendingPathComponent("explanations"))
        let key = ExplanationCache.key(for: "x")
        let error = #expect(throws: ExplanationCacheError.self) { try cache.store(Self.sample(), forKey: key) }
        guard case let .cannotWrite(path, _)? = error else { return }
        #expect(path == cache.fileURL(forKey: key).path)
    }
}
