import Foundation

/// Everything that decides a model's answer, written as one canonical JSON text (sorted keys, no
/// whitespace): the string `CacheableExplainer.cacheIdentity(for:)` returns and the cache hashes.
package struct CacheIdentity: Sendable, Codable, Equatable {
    /// Bumped when the cached entry's meaning changes, so old entries stop matching.
    package static let currentFormat = "recsite-explanation-cache/1"

    package var format: String
    /// The backend and API: "ollama-chat", "openai-chat", "openai-completions".
    package var backend: String
    /// The model name as sent to the server.
    package var model: String
    /// The weights' digest when the server reports one (Ollama's `/api/tags`).
    package var modelDigest: String?
    /// Generation options as sent (`num_ctx`, `seed`, `temperature`, …), values as text.
    package var options: [String: String]
    /// The prompt exactly as sent: "system: …" and "user: …" for a chat, the one text for a completion.
    package var prompt: [String]

    package init(backend: String, model: String, modelDigest: String?, options: [String: String], prompt: [String]) {
        self.format = Self.currentFormat; self.backend = backend; self.model = model
        self.modelDigest = modelDigest; self.options = options; self.prompt = prompt
    }

    /// The canonical text: the same identity is always the same bytes.
    package var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else {
            // Encoding plain strings cannot fail; keep a deterministic fallback all the same.
            return ([format, backend, model, modelDigest ?? ""] + options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                + prompt).joined(separator: "\u{1F}")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
