import Foundation

/// The JSON shapes of the OpenAI-compatible API as llama.cpp's server, vLLM and LM Studio speak it
/// (`/v1/models`, `/v1/chat/completions`, `/v1/completions`), spelled exactly as sent.
package enum OpenAIWire {
    /// One chat message.
    package struct Message: Codable, Sendable, Equatable {
        package var role: String
        package var content: String
        package init(role: String, content: String) { self.role = role; self.content = content }
    }

    /// Asks for a final chunk with `usage` (the prompt's token count) before `[DONE]`.
    package struct StreamOptions: Codable, Sendable, Equatable {
        package var includeUsage: Bool
        enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
    }

    /// The body of `POST /v1/chat/completions`.
    package struct ChatRequest: Codable, Sendable, Equatable {
        package var model: String
        package var messages: [Message]
        package var stream: Bool
        package var temperature: Double
        package var seed: Int
        package var maxTokens: Int
        package var streamOptions: StreamOptions?

        enum CodingKeys: String, CodingKey {
            case model, messages, stream, temperature, seed
            case maxTokens = "max_tokens"
            case streamOptions = "stream_options"
        }
    }

    /// The body of `POST /v1/completions`: one plain prompt, for base models.
    package struct CompletionRequest: Codable, Sendable, Equatable {
        package var model: String
        package var prompt: String
        package var stream: Bool
        package var temperature: Double
        package var seed: Int
        package var maxTokens: Int
        /// Texts that end the answer (a base model goes on to write the next "Question:").
        package var stop: [String]?
        package var streamOptions: StreamOptions?

        enum CodingKeys: String, CodingKey {
            case model, prompt, stream, temperature, seed, stop
            case maxTokens = "max_tokens"
            case streamOptions = "stream_options"
        }
    }

    /// One streamed event's JSON (`chat.completion.chunk`, `text_completion`), a whole non-streamed
    /// reply, or an error object.
    package struct Chunk: Decodable, Sendable, Equatable {
        /// One choice; only index 0 is asked for.
        package struct Choice: Decodable, Sendable, Equatable {
            /// `delta` (streamed chat) or `message` (whole chat): only the text matters.
            package struct Content: Decodable, Sendable, Equatable {
                package var content: String?
            }

            package var delta: Content?
            package var message: Content?
            /// The completion API's text.
            package var text: String?
            /// "stop", or "length" when `max_tokens` cut the answer short.
            package var finishReason: String?

            enum CodingKeys: String, CodingKey {
                case delta, message, text
                case finishReason = "finish_reason"
            }

            /// The text this choice adds to the answer.
            package var addedText: String { delta?.content ?? message?.content ?? text ?? "" }
        }

        /// Token counts, in the last chunk when `stream_options.include_usage` is set, or in a whole reply.
        package struct Usage: Decodable, Sendable, Equatable {
            package var promptTokens: Int?
            package var completionTokens: Int?
            enum CodingKeys: String, CodingKey {
                case promptTokens = "prompt_tokens"
                case completionTokens = "completion_tokens"
            }
        }

        package var choices: [Choice]?
        package var usage: Usage?
        package var error: ErrorField?
    }

    /// An `error` member: OpenAI's `{"message": ..., "type": ...}` object, or a bare string.
    package struct ErrorField: Decodable, Sendable, Equatable {
        package var message: String

        package init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                message = text
                return
            }
            let object = try decoder.container(keyedBy: CodingKeys.self)
            message = try object.decodeIfPresent(String.self, forKey: .message) ?? "(no message)"
        }

        enum CodingKeys: String, CodingKey { case message }
    }

    /// The body of `GET /v1/models`.
    package struct ModelList: Decodable, Sendable, Equatable {
        /// One served model; llama-cpp-python names it by its file path unless given `--model_alias`.
        package struct Model: Decodable, Sendable, Equatable {
            package var id: String
        }

        package var data: [Model]
    }

    /// Sorted-key JSON so the same request is the same bytes.
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// A model id as a label: the file name without a `.gguf` extension for a path-like id
    /// ("/models/gemma-3-270m-q4_k_m.gguf" → "gemma-3-270m-q4_k_m"), else the id.
    package static func displayName(_ id: String) -> String {
        var name = id.split(separator: "/").last.map(String.init) ?? id
        if name.lowercased().hasSuffix(".gguf") { name = String(name.dropLast(5)) }
        return name.isEmpty ? id : name
    }

    /// Whether `wanted` (as a user typed it) names the served model `id`: the same id, or the same
    /// display name, ignoring case.
    package static func matches(_ wanted: String, id: String) -> Bool {
        let want = wanted.trimmingCharacters(in: .whitespaces).lowercased()
        return want == id.lowercased() || want == displayName(id).lowercased() || displayName(want).lowercased() == displayName(id).lowercased()
    }
}
