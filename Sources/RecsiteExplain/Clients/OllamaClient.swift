import Foundation

/// What one Ollama generation produced: the joined text plus the server's counters.
package struct OllamaChatResult: Sendable, Equatable {
    /// Every line's `message.content` (or `response`) joined, up to the line with `done: true`.
    package var text: String
    /// "stop", or "length" when `num_predict` cut the answer short.
    package var doneReason: String?
    /// Tokens the server read from the prompt: far below the estimate means it truncated the prompt.
    package var promptEvalCount: Int?
    /// Tokens the server generated.
    package var evalCount: Int?
    /// Nanoseconds for the whole request, and for loading the model.
    package var totalDuration: Int64?
    package var loadDuration: Int64?

    package init(text: String, doneReason: String? = nil, promptEvalCount: Int? = nil, evalCount: Int? = nil,
                 totalDuration: Int64? = nil, loadDuration: Int64? = nil) {
        self.text = text; self.doneReason = doneReason; self.promptEvalCount = promptEvalCount
        self.evalCount = evalCount; self.totalDuration = totalDuration; self.loadDuration = loadDuration
    }

    /// The model hit its token limit, so the text stops mid-thought.
    package var cutShort: Bool { doneReason == "length" }
}

/// Explains a user's list with a model served by Ollama's native API (`/api/tags`, `/api/chat`).
///
/// Timeouts follow C20: a short one (`connectTimeout`) for the preflight, so a missing server fails
/// fast, with a few retries only while the connection is refused; a long idle timeout
/// (`readTimeout`) for generation, because a cold model load sends nothing for a minute or more.
/// A request the server has received is never re-sent: cancelling it would abort the load.
package struct OllamaClient: Explainer {
    /// Generation options and network limits.
    package struct Configuration: Sendable, Equatable {
        package var temperature: Double
        package var seed: Int
        /// Most tokens to generate (`options.num_predict`).
        package var numPredict: Int
        /// How long the server keeps the model loaded after each request, so it stays warm between users.
        package var keepAlive: String
        /// Seconds of silence tolerated while waiting for an answer.
        package var readTimeout: TimeInterval
        /// Seconds the preflight (and any listing of models) may take before the server counts as unreachable.
        package var connectTimeout: TimeInterval
        /// Extra attempts while the connection is refused; never after the server got the request.
        package var connectRetries: Int
        /// Pause before the first retry; each later one waits twice as long.
        package var retryDelay: TimeInterval

        package init(temperature: Double = 0.2, seed: Int = 42, numPredict: Int = 700, keepAlive: String = "15m",
                     readTimeout: TimeInterval = 300, connectTimeout: TimeInterval = 5,
                     connectRetries: Int = 2, retryDelay: TimeInterval = 0.25) {
            self.temperature = temperature; self.seed = seed; self.numPredict = numPredict; self.keepAlive = keepAlive
            self.readTimeout = readTimeout; self.connectTimeout = connectTimeout
            self.connectRetries = connectRetries; self.retryDelay = retryDelay
        }
    }

    package let baseURL: URL
    package let model: String
    package let configuration: Configuration
    private let transport: any HTTPTransport

    /// - Parameters:
    ///   - baseURL: the server, usually `OllamaHost.resolve(environment:)`.
    ///   - model: a pulled model name; `gemma3` means `gemma3:latest`.
    package init(baseURL: URL = OllamaHost.defaultURL, model: String = "gemma3",
                 configuration: Configuration = Configuration(), transport: any HTTPTransport = URLSessionTransport()) {
        self.baseURL = baseURL; self.model = model; self.configuration = configuration; self.transport = transport
    }

    package var source: ExplanationSource { ExplanationSource(explainer: "ollama", model: model) }

    /// The base URL as users write it, for messages.
    package var serverDescription: String {
        let text = baseURL.absoluteString
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    // MARK: - Preflight

    /// Checks with `GET /api/tags` that the server answers and has pulled `model`; returns its entry
    /// (whose digest belongs in a cache key). Throws `ExplainError.modelMissing` listing the tags
    /// of the same family the server does have (C19).
    @discardableResult
    package func preflight() async throws -> OllamaWire.TagsResponse.Model {
        let models = try await listModels()
        let wanted = OllamaWire.canonicalName(model)
        if let match = models.first(where: {
            OllamaWire.canonicalName($0.name) == wanted || $0.model.map(OllamaWire.canonicalName) == wanted
        }) {
            return match
        }
        throw ExplainError.modelMissing(model: model, available: Self.sameFamily(as: model, in: models), url: serverDescription)
    }

    /// The models the server has pulled (`GET /api/tags`), within `connectTimeout`.
    package func listModels() async throws -> [OllamaWire.TagsResponse.Model] {
        let request = HTTPRequest(method: "GET", url: endpoint("api/tags"), headers: ["Accept": "application/json"],
                                  timeout: configuration.connectTimeout)
        let response = try await send(request, silenceMeansUnreachable: true)
        try await requireSuccess(response, notFoundMeansModelMissing: false)
        let data = try await readAll(response, silenceMeansUnreachable: true)
        do {
            return try JSONDecoder().decode(OllamaWire.TagsResponse.self, from: data).models
        } catch {
            throw ExplainError.malformedResponse(url: serverDescription, reason: "GET /api/tags did not return a model list")
        }
    }

    /// Loads the model without generating (`POST /api/generate` with no prompt), so the first real
    /// request does not pay the cold load; waits up to `readTimeout`.
    package func warmUp() async throws {
        let body = OllamaWire.LoadRequest(model: model, keepAlive: configuration.keepAlive, stream: false)
        let request = HTTPRequest(method: "POST", url: endpoint("api/generate"),
                                  headers: ["Content-Type": "application/json"],
                                  body: try OllamaWire.encode(body), timeout: configuration.readTimeout)
        let response = try await send(request, silenceMeansUnreachable: false)
        try await requireSuccess(response, notFoundMeansModelMissing: true)
        _ = try await readAll(response, silenceMeansUnreachable: false)
    }

    // MARK: - Generation

    package func explain(_ request: ExplanationRequest) async throws -> Explanation {
        try await explainWithStats(request).explanation
    }

    /// Explains one list and also returns the server's counters (prompt and answer tokens, durations).
    package func explainWithStats(_ request: ExplanationRequest) async throws
        -> (explanation: Explanation, stats: OllamaChatResult) {
        let prompt = PromptBuilder.build(request)
        let result = try await chat(system: prompt.system, user: prompt.user)
        return (Explanation(markdown: result.text, source: source, cutShort: result.cutShort), result)
    }

    /// The `/api/chat` body for one system + user prompt, with `num_ctx` sized to fit it.
    package func chatRequest(system: String, user: String) -> OllamaWire.ChatRequest {
        let promptTokens = PromptBuilder.estimateTokens(system) + PromptBuilder.estimateTokens(user)
        let options = OllamaWire.Options(
            temperature: configuration.temperature, seed: configuration.seed,
            numCtx: Self.contextSize(promptTokens: promptTokens, numPredict: configuration.numPredict),
            numPredict: configuration.numPredict)
        return OllamaWire.ChatRequest(
            model: model,
            messages: [.init(role: "system", content: system), .init(role: "user", content: user)],
            stream: true, options: options, keepAlive: configuration.keepAlive)
    }

    /// Sends one chat (`POST /api/chat`, streamed) and joins the answer line by line.
    package func chat(system: String, user: String) async throws -> OllamaChatResult {
        let body = try OllamaWire.encode(chatRequest(system: system, user: user))
        let request = HTTPRequest(method: "POST", url: endpoint("api/chat"),
                                  headers: ["Content-Type": "application/json", "Accept": "application/x-ndjson"],
                                  body: body, timeout: configuration.readTimeout)
        let response = try await send(request, silenceMeansUnreachable: false)
        try await requireSuccess(response, notFoundMeansModelMissing: true)
        return try await OllamaAnswerReader(url: serverDescription, readTimeout: configuration.readTimeout)
            .read(response.body)
    }

    /// `num_ctx` for a prompt: prompt plus answer, rounded up to a multiple of 1024, at least 2048.
    /// Sent every time, because the server's default depends on its memory and truncates silently.
    package static func contextSize(promptTokens: Int, numPredict: Int) -> Int {
        let needed = max(0, promptTokens) + max(0, numPredict)
        return max(2048, (needed + 1023) / 1024 * 1024)
    }

    // MARK: - Plumbing

    private func endpoint(_ path: String) -> URL {
        baseURL.appendingPathComponent(path)
    }

    /// Sends with bounded retries while the connection is refused, and maps transport errors.
    private func send(_ request: HTTPRequest, silenceMeansUnreachable: Bool) async throws -> HTTPResponse {
        var delay = configuration.retryDelay
        var attempt = 0
        while true {
            do {
                return try await transport.send(request)
            } catch HTTPTransportError.cannotConnect(let reason) {
                guard attempt < configuration.connectRetries else {
                    throw ExplainError.serverUnreachable(url: serverDescription, reason: reason)
                }
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(max(0, delay) * 1_000_000_000))
                delay *= 2
            } catch let error as HTTPTransportError {
                throw map(error, timeout: request.timeout, silenceMeansUnreachable: silenceMeansUnreachable)
            }
        }
    }

    private func readAll(_ response: HTTPResponse, silenceMeansUnreachable: Bool) async throws -> Data {
        do {
            return try await response.collectBody()
        } catch let error as HTTPTransportError {
            throw map(error, timeout: configuration.connectTimeout, silenceMeansUnreachable: silenceMeansUnreachable)
        }
    }

    private func map(_ error: HTTPTransportError, timeout: TimeInterval, silenceMeansUnreachable: Bool) -> ExplainError {
        switch error {
        case let .cannotConnect(reason):
            return .serverUnreachable(url: serverDescription, reason: reason)
        case .timedOut where silenceMeansUnreachable:
            return .serverUnreachable(url: serverDescription, reason: "no answer within \(DecimalFormat.seconds(timeout))")
        case .timedOut:
            return .timeout(url: serverDescription, seconds: timeout)
        case let .connectionLost(reason), let .failed(reason):
            return .malformedResponse(url: serverDescription, reason: "the connection failed: \(reason)")
        }
    }

    /// Throws for a non-2xx status: 404 on a model endpoint is a missing model, told by the status
    /// code alone because the wording differs between server versions (C19).
    private func requireSuccess(_ response: HTTPResponse, notFoundMeansModelMissing: Bool) async throws {
        guard !(200..<300).contains(response.status) else { return }
        if response.status == 404 && notFoundMeansModelMissing {
            let models = (try? await listModels()) ?? []
            throw ExplainError.modelMissing(model: model, available: Self.sameFamily(as: model, in: models),
                                            url: serverDescription)
        }
        let data = (try? await response.collectBody(limit: 64 << 10)) ?? Data()
        throw ExplainError.httpStatus(code: response.status, message: Self.errorMessage(in: data), url: serverDescription)
    }

    /// The `error` field of an error body, else the body itself (trimmed), else a placeholder.
    static func errorMessage(in data: Data) -> String {
        if let body = try? JSONDecoder().decode(OllamaWire.ErrorBody.self, from: data) { return body.error }
        let text = String(decoding: data.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(no message)" : text
    }

    /// Names of the pulled models of `model`'s family ("gemma3:12b" for "gemma3"), sorted.
    static func sameFamily(as model: String, in models: [OllamaWire.TagsResponse.Model]) -> [String] {
        let family = ExplainError.family(of: OllamaWire.canonicalName(model))
        let names = models.map(\.name).filter { ExplainError.family(of: OllamaWire.canonicalName($0)) == family }
        return Array(Set(names)).sorted()
    }
}
