import Foundation

/// Explains a user's list with a model behind an OpenAI-compatible API: llama.cpp's server, vLLM,
/// LM Studio, or Ollama's own `/v1` (`--llm openai --llm-url http://HOST:PORT/v1`).
///
/// Two APIs: `/v1/chat/completions` (system + user messages, for instruction-tuned models) and
/// `/v1/completions` (one plain text from the template's completion section, for base models with
/// no chat template, such as the pretrained Gemma 3 270M). Both stream server-sent events. The
/// OpenAI API has no `num_ctx`: the server's context is fixed at its start, so `maxContext` should
/// match it (llama.cpp's `--n_ctx`) and the prompt is sized to it. Retries and timeouts follow the
/// same rules as `OllamaClient` (`RetryPolicy`).
package struct OpenAICompatibleClient: CacheableExplainer {
    /// Which generation endpoint to use.
    package enum API: String, Sendable, Equatable, CaseIterable {
        /// `POST /v1/chat/completions` with system and user messages.
        case chat
        /// `POST /v1/completions` with one plain prompt (base models).
        case completions
    }

    /// Generation options and network limits.
    package struct Configuration: Sendable, Equatable {
        package var api: API
        package var temperature: Double
        package var seed: Int
        /// Most tokens to generate (`max_tokens`).
        package var maxTokens: Int
        /// Texts that end the answer; nil means the API's default (none for chat, "Question:" for
        /// completions, where a base model goes on to write the next question).
        package var stop: [String]?
        /// Seconds of silence tolerated while waiting for an answer.
        package var readTimeout: TimeInterval
        /// Seconds the preflight (`GET /v1/models`) may take before the server counts as unreachable.
        package var connectTimeout: TimeInterval
        /// When requests are sent again (refused connections, 502/503/504).
        package var retry: RetryPolicy
        /// The server's context size in tokens; a longer prompt has its liked list shortened.
        package var maxContext: Int
        /// Sent as `Authorization: Bearer …` when set (hosted servers; local ones ignore it).
        package var apiKey: String?
        /// Ask for `usage` in the stream (`stream_options.include_usage`), to check the prompt's size.
        package var requestUsage: Bool

        package init(api: API = .chat, temperature: Double = 0.2, seed: Int = 42, maxTokens: Int = 700,
                     stop: [String]? = nil, readTimeout: TimeInterval = 300, connectTimeout: TimeInterval = 5,
                     retry: RetryPolicy = RetryPolicy(), maxContext: Int = PromptBuilder.defaultMaxContext,
                     apiKey: String? = nil, requestUsage: Bool = true) {
            self.api = api; self.temperature = temperature; self.seed = seed; self.maxTokens = maxTokens
            self.stop = stop; self.readTimeout = readTimeout; self.connectTimeout = connectTimeout
            self.retry = retry; self.maxContext = maxContext; self.apiKey = apiKey; self.requestUsage = requestUsage
        }

        /// The stop texts actually sent.
        package var effectiveStop: [String]? { stop ?? (api == .completions ? ["Question:"] : nil) }
    }

    /// The API root, ending in `/v1`.
    package let baseURL: URL
    /// The model id sent with every request.
    package let model: String
    package let configuration: Configuration
    /// The prompt template in use.
    package let prompt: PromptBuilder
    private let transport: any HTTPTransport

    /// - Parameters:
    ///   - baseURL: the API root, e.g. `http://127.0.0.1:8088/v1`; a URL with no path gets `/v1`.
    ///   - model: the model id; `resolvingModel()` turns a short name (or "") into the server's id.
    package init(baseURL: URL, model: String, configuration: Configuration = Configuration(),
                 prompt: PromptBuilder = PromptBuilder(), transport: any HTTPTransport = SocketHTTPTransport()) {
        self.baseURL = Self.normalizedBaseURL(baseURL); self.model = model; self.configuration = configuration
        self.prompt = prompt; self.transport = transport
    }

    /// "http://host:8088" → "http://host:8088/v1"; a URL with a path is kept (minus a trailing slash).
    package static func normalizedBaseURL(_ url: URL) -> URL {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        let path = URL(string: text)?.path ?? ""
        if path.isEmpty { text += "/v1" }
        return URL(string: text) ?? url
    }

    /// "openai · gemma-3-270m-q4_k_m".
    package var source: ExplanationSource {
        ExplanationSource(explainer: "openai", model: OpenAIWire.displayName(model))
    }

    /// The base URL as users write it, for messages.
    package var serverDescription: String { baseURL.absoluteString }

    private var connection: ServerConnection {
        ServerConnection(transport: transport, server: serverDescription, backend: .openAI, retry: configuration.retry)
    }

    // MARK: - Preflight

    /// Checks with `GET /v1/models` that the server answers and serves `model` (same id, or same
    /// file name without `.gguf`, ignoring case; an empty `model` takes the first served one).
    @discardableResult
    package func preflight() async throws -> OpenAIWire.ModelList.Model {
        let models = try await listModels()
        if model.isEmpty, let first = models.first { return first }
        if let match = models.first(where: { $0.id == model }) ?? models.first(where: { OpenAIWire.matches(model, id: $0.id) }) {
            return match
        }
        throw ExplainError.modelMissing(model: model, available: models.map(\.id), url: serverDescription, backend: .openAI)
    }

    /// Runs `preflight()` and returns a copy that sends the server's exact model id.
    package func resolvingModel() async throws -> OpenAICompatibleClient {
        let match = try await preflight()
        return OpenAICompatibleClient(baseURL: baseURL, model: match.id, configuration: configuration, prompt: prompt,
                                      transport: transport)
    }

    /// The models the server serves (`GET /v1/models`), within `connectTimeout`.
    package func listModels() async throws -> [OpenAIWire.ModelList.Model] {
        let request = HTTPRequest(method: "GET", url: endpoint("models"), headers: headers(accept: "application/json"),
                                  timeout: configuration.connectTimeout)
        let response = try await connection.send(request, silenceMeansUnreachable: true)
        try await requireSuccess(response, checkModel: false)
        let data = try await connection.readAll(response, timeout: configuration.connectTimeout, silenceMeansUnreachable: true)
        do {
            return try JSONDecoder().decode(OpenAIWire.ModelList.self, from: data).data
        } catch {
            throw ExplainError.malformedResponse(url: serverDescription, reason: "GET /v1/models did not return a model list",
                                                 backend: .openAI)
        }
    }

    // MARK: - Generation

    /// The prompt this client sends for `request`: chat messages or the completion text, sized to
    /// `maxTokens` and `maxContext`.
    package func promptPlan(for request: ExplanationRequest) -> PromptPlan {
        prompt.plan(for: request, numPredict: configuration.maxTokens, maxContext: configuration.maxContext,
                    layout: configuration.api == .chat ? .chat : .completion)
    }

    package func explain(_ request: ExplanationRequest) async throws -> Explanation {
        try await explainWithStats(request).explanation
    }

    package func explain(_ request: ExplanationRequest, onToken: TokenProgress?) async throws -> Explanation {
        try await explainWithStats(request, onToken: onToken).explanation
    }

    /// Explains one list and also returns the server's counters.
    package func explainWithStats(_ request: ExplanationRequest, onToken: TokenProgress? = nil) async throws
        -> (explanation: Explanation, stats: OpenAIResult) {
        let plan = promptPlan(for: request)
        let start = ContinuousClock.now
        let result = try await generate(plan: plan, onToken: onToken)
        var warnings = plan.warnings
        if let warning = plan.truncationWarning(promptTokens: result.promptTokens, backend: .openAI) {
            warnings.append(warning)
        }
        let explanation = Explanation(
            markdown: result.text, source: source, cutShort: result.cutShort, warnings: warnings,
            promptTokens: result.promptTokens, estimatedPromptTokens: plan.estimatedTokens,
            evalCount: result.completionTokens, durationSeconds: ServerConnection.seconds(since: start))
        return (explanation, result)
    }

    /// Everything that decides the answer: API, model id, options and the prompt as sent.
    package func cacheIdentity(for request: ExplanationRequest) -> String {
        let plan = promptPlan(for: request)
        var options = ["max_tokens": "\(configuration.maxTokens)", "seed": "\(configuration.seed)",
                       "temperature": "\(configuration.temperature)"]
        if let stop = configuration.effectiveStop { options["stop"] = stop.joined(separator: "\u{1F}") }
        let prompt = plan.layout == .chat ? ["system: \(plan.system)", "user: \(plan.user)"] : [plan.completion]
        return CacheIdentity(backend: "openai-\(configuration.api.rawValue)", model: model, modelDigest: nil,
                             options: options, prompt: prompt).text
    }

    /// The `/v1/chat/completions` body for a plan.
    package func chatRequest(plan: PromptPlan) -> OpenAIWire.ChatRequest {
        OpenAIWire.ChatRequest(
            model: model, messages: [.init(role: "system", content: plan.system), .init(role: "user", content: plan.user)],
            stream: true, temperature: configuration.temperature, seed: configuration.seed,
            maxTokens: configuration.maxTokens, streamOptions: streamOptions)
    }

    /// The `/v1/completions` body for a plan.
    package func completionRequest(plan: PromptPlan) -> OpenAIWire.CompletionRequest {
        OpenAIWire.CompletionRequest(
            model: model, prompt: plan.completion, stream: true, temperature: configuration.temperature,
            seed: configuration.seed, maxTokens: configuration.maxTokens, stop: configuration.effectiveStop,
            streamOptions: streamOptions)
    }

    /// Sends a plan to the configured API and joins the streamed answer.
    package func generate(plan: PromptPlan, onToken: TokenProgress? = nil) async throws -> OpenAIResult {
        let (path, body) = configuration.api == .chat
            ? ("chat/completions", try OpenAIWire.encode(chatRequest(plan: plan)))
            : ("completions", try OpenAIWire.encode(completionRequest(plan: plan)))
        var headers = headers(accept: "text/event-stream")
        headers["Content-Type"] = "application/json"
        let request = HTTPRequest(method: "POST", url: endpoint(path), headers: headers, body: body,
                                  timeout: configuration.readTimeout)
        let response = try await connection.send(request, silenceMeansUnreachable: false)
        try await requireSuccess(response, checkModel: true)
        let reader = OpenAIAnswerReader(url: serverDescription, readTimeout: configuration.readTimeout)
        if response.headers["content-type"]?.lowercased().hasPrefix("application/json") == true {
            // A server that ignores `stream` sends one JSON object.
            let data = try await connection.readAll(response, timeout: configuration.readTimeout, silenceMeansUnreachable: false)
            return try reader.readWhole(data)
        }
        return try await reader.read(response.body, onToken: onToken)
    }

    // MARK: - Plumbing

    private var streamOptions: OpenAIWire.StreamOptions? {
        configuration.requestUsage ? OpenAIWire.StreamOptions(includeUsage: true) : nil
    }

    private func endpoint(_ path: String) -> URL {
        baseURL.appendingPathComponent(path)
    }

    private func headers(accept: String) -> [String: String] {
        var headers = ["Accept": accept]
        if let key = configuration.apiKey, !key.isEmpty { headers["Authorization"] = "Bearer \(key)" }
        return headers
    }

    /// Throws for a non-2xx status. A 404 on a generation endpoint is a missing model when the
    /// server does not list it, else a wrong API root (the URL must end in /v1).
    private func requireSuccess(_ response: HTTPResponse, checkModel: Bool) async throws {
        guard !(200..<300).contains(response.status) else { return }
        let data = (try? await response.collectBody(limit: 64 << 10)) ?? Data()
        var message = ServerConnection.errorMessage(in: data)
        if response.status == 404 {
            if checkModel, let models = try? await listModels(),
               !models.contains(where: { $0.id == model || OpenAIWire.matches(model, id: $0.id) }) {
                throw ExplainError.modelMissing(model: model, available: models.map(\.id), url: serverDescription,
                                                backend: .openAI)
            }
            message += " (is \(serverDescription) the API root? It usually ends in /v1)"
        }
        throw ExplainError.httpStatus(code: response.status, message: message, url: serverDescription, backend: .openAI)
    }
}
