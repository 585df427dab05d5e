import Foundation

/// Ollama's JSON shapes (REFERENCE.md §3), spelled exactly as the server reads and writes them.
package enum OllamaWire {
    /// One chat message.
    package struct Message: Codable, Sendable, Equatable {
        package var role: String
        package var content: String
        package init(role: String, content: String) { self.role = role; self.content = content }
    }

    /// Generation options; they only take effect inside `options`, never at the top level.
    package struct Options: Codable, Sendable, Equatable {
        package var temperature: Double
        package var seed: Int
        package var numCtx: Int
        package var numPredict: Int

        enum CodingKeys: String, CodingKey {
            case temperature, seed
            case numCtx = "num_ctx"
            case numPredict = "num_predict"
        }
    }

    /// The body of `POST /api/chat`. `stream` is a JSON boolean: a misspelt key such as
    /// `streaming` is ignored by the server (C17).
    package struct ChatRequest: Codable, Sendable, Equatable {
        package var model: String
        package var messages: [Message]
        package var stream: Bool
        package var options: Options
        package var keepAlive: String

        enum CodingKeys: String, CodingKey {
            case model, messages, stream, options
            case keepAlive = "keep_alive"
        }
    }

    /// The body of a warm-up `POST /api/generate`: no prompt, so the server only loads the model.
    package struct LoadRequest: Codable, Sendable, Equatable {
        package var model: String
        package var keepAlive: String
        package var stream: Bool

        enum CodingKeys: String, CodingKey {
            case model, stream
            case keepAlive = "keep_alive"
        }
    }

    /// One NDJSON line of `/api/chat` (`message.content`) or `/api/generate` (`response`), or the
    /// single object of a non-streamed reply, or an `{"error": ...}` line.
    package struct Chunk: Decodable, Sendable, Equatable {
        /// The `message` of a chat line; only its text matters here.
        package struct ChunkMessage: Decodable, Sendable, Equatable {
            package var content: String?
        }

        package var message: ChunkMessage?
        package var response: String?
        package var done: Bool?
        package var doneReason: String?
        package var promptEvalCount: Int?
        package var evalCount: Int?
        package var totalDuration: Int64?
        package var loadDuration: Int64?
        package var error: String?

        enum CodingKeys: String, CodingKey {
            case message, response, done, error
            case doneReason = "done_reason"
            case promptEvalCount = "prompt_eval_count"
            case evalCount = "eval_count"
            case totalDuration = "total_duration"
            case loadDuration = "load_duration"
        }

        /// The text this line adds to the answer.
        package var text: String { message?.content ?? response ?? "" }
    }

    /// The body of `GET /api/tags`.
    package struct TagsResponse: Decodable, Sendable, Equatable {
        /// One pulled model: `name` ("gemma3:12b"), and the digest that identifies its weights.
        package struct Model: Decodable, Sendable, Equatable {
            package var name: String
            package var model: String?
            package var digest: String?
            package var size: Int64?
        }

        package var models: [Model]
    }

    /// An error body: `{"error": "..."}`.
    package struct ErrorBody: Decodable, Sendable, Equatable {
        package var error: String
    }

    /// The name the server stores a model under: `gemma3` means `gemma3:latest`; names compare
    /// case-insensitively.
    package static func canonicalName(_ name: String) -> String {
        let lowered = name.trimmingCharacters(in: .whitespaces).lowercased()
        let lastPart = lowered.split(separator: "/").last ?? Substring(lowered)
        return lastPart.contains(":") ? lowered : lowered + ":latest"
    }

    /// Sorted-key JSON so the same request is the same bytes (and the same cache key).
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
