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
/// A request the server has received is never re-sent unless it answered with a retryable 5xx
/// (`RetryPolicy`): cancelling it would abort the load.
package struct OllamaClient: CacheableExplainer {
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
        /// When requests are sent again (refused connections, 502/503/504).
        package var retry: RetryPolicy
        /// The largest `num_ctx` recsite asks for; a longer prompt has its liked list shortened.
        package var maxContext: Int

        /// Extra attempts while the connection is refused; never after the server got the request.
        package var connectRetries: Int {
            get { retry.connectRetries }
            set { retry.connectRetries = newValue }
        }
        /// Pause before the first connect retry; each later one waits twice as long.
        package var retryDelay: TimeInterval {
            get { retry.connectDelay }
            set { retry.connectDelay = newValue }
        }

        package init(temperature: Double = 0.2, seed: Int = 42, numPredict: Int = 700, keepAlive: String = "15m",
                     readTimeout: TimeInterval = 300, connectTimeout: TimeInterval = 5,
                     connectRetries: Int = 2, retryDelay: TimeInterval = 0.25,
                     statusRetries: Int = 2, statusRetryDelay: TimeInterval = 1,
                     maxContext: Int = PromptBuilder.defaultMaxContext) {
            self.temperature = temperature; self.seed = seed; self.numPredict = numPredict; self.keepAlive = keepAlive
            self.readTimeout = readTimeout; self.connectTimeout = connectTimeout
            self.retry = RetryPolicy(connectRetries: connectRetries, connectDelay: retryDelay,
                                     statusRetries: statusRetries, statusDelay: statusRetryDelay)
            self.maxContext = maxContext
        }
    }

    package let baseURL: URL
    package let model: String
    package let configuration: Configuration
    /// The prompt template in use.
    package let prompt: PromptBuilder
    /// The model's digest from `GET /api/tags` (set by `preflighted()`), part of the cache key so
    /// a re-pulled model with the same name is asked again.
    package var modelDigest: String?
    private let transport: any HTTPTransport

    /// - Parameters:
    ///   - baseURL: the server, usually `OllamaHost.resolve(environment:)`.
    ///   - model: a pulled model name; `gemma3` means `gemma3:latest`.
    ///   - prompt: the prompt template (`PromptBuilder(templatesDirectory:)`), built-in by default.
    package init(baseURL: URL = OllamaHost.defaultURL, model: String = "gemma3",
                 configuration: Configuration = Configuration(), prompt: PromptBuilder = PromptBuilder(),
                 modelDigest: String? = nil, transport: any HTTPTransport = SocketHTTPTransport()) {
        self.baseURL = baseURL; self.model = model; self.configuration = configuration; self.prompt = prompt
        self.modelDigest = modelDigest; self.transport = transport
    }

    package var source: ExplanationSource { ExplanationSource(explainer: "ollama", model: model) }

    /// The base URL as users write it, for messages.
    package var serverDescription: String {
        let text = baseURL.absoluteString
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    private var connection: ServerConnection {
        ServerConnection(transport: transport, server: serverDescription, backend: .ollama, retry: configuration.retry)
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
        // The tag list is the rule, but a server may also resolve other names (an alias, a proxy in
        // front of one model): `POST /api/show` answers for exactly the names generation accepts.
        if try await serverResolves(model) {
            return OllamaWire.TagsResponse.Model(name: model, model: model, digest: nil, size: nil)
        }
        throw ExplainError.modelMissing(model: model, available: Self.sameFamily(as: model, in: models), url: serverDescription)
    }

    /// Whether `POST /api/show` knows `name` (200); a 404, or any other status, means no.
    private func serverResolves(_ name: String) async throws -> Bool {
        let request = HTTPRequest(method: "POST", url: endpoint("api/show"), headers: ["Content-Type": "application/json"],
                                  body: try JSONSerialization.data(withJSONObject: ["model": name]),
                                  timeout: configuration.connectTimeout)
        let response = try await connection.send(request, silenceMeansUnreachable: true)
        _ = try? await response.collectBody(limit: 1 << 20)
        return (200..<300).contains(response.status)
    }

    /// Runs `preflight()` and returns a copy of this client that carries the model's digest, so
    /// cache keys change when the model is re-pulled.
    package func preflighted() async throws -> OllamaClient {
        var copy = self
        copy.modelDigest = try await preflight().digest
        return copy
    }

    /// The models the server has pulled (`GET /api/tags`), within `connectTimeout`.
    package func listModels() async throws -> [OllamaWire.TagsResponse.Model] {
        let request = HTTPRequest(method: "GET", url: endpoint("api/tags"), headers: ["Accept": "application/json"],
                                  timeout: configuration.connectTimeout)
        let response = try await connection.send(request, silenceMeansUnreachable: true)
        try await requireSuccess(response, notFoundMeansModelMissing: false)
        let data = try await connection.readAll(response, timeout: configuration.connectTimeout, silenceMeansUnreachable: true)
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
        let response = try await connection.send(request, silenceMeansUnreachable: false)
        try await requireSuccess(response, notFoundMeansModelMissing: true)
        _ = try await connection.readAll(response, timeout: configuration.readTimeout, silenceMeansUnreachable: false)
    }

    // MARK: - Generation

    /// The prompt this client sends for `request`, sized to `numPredict` and `maxContext`.
    package func promptPlan(for request: ExplanationRequest) -> PromptPlan {
        prompt.plan(for: request, numPredict: configuration.numPredict, maxContext: configuration.maxContext, layout: .chat)
    }

    package func explain(_ request: ExplanationRequest) async throws -> Explanation {
        try await explainWithStats(request).explanation
    }

    package func explain(_ request: ExplanationRequest, onToken: TokenProgress?) async throws -> Explanation {
        try await explainWithStats(request, onToken: onToken).explanation
    }

    /// Explains one list and also returns the server's counters (prompt and answer tokens, durations).
    package func explainWithStats(_ request: ExplanationRequest, onToken: TokenProgress? = nil) async throws
        -> (explanation: Explanation, stats: OllamaChatResult) {
        let plan = promptPlan(for: request)
        let start = ContinuousClock.now
        let result = try await chat(plan: plan, onToken: onToken)
        var warnings = plan.warnings
        if let warning = plan.truncationWarning(promptTokens: result.promptEvalCount, backend: .ollama) {
            warnings.append(warning)
        }
        let explanation = Explanation(
            markdown: result.text, source: source, cutShort: result.cutShort, warnings: warnings,
            promptTokens: result.promptEvalCount, estimatedPromptTokens: plan.estimatedTokens,
            evalCount: result.evalCount, durationSeconds: ServerConnection.seconds(since: start))
        return (explanation, result)
    }

    /// Everything that decides the answer: model and digest, options (with `num_ctx`) and both messages.
    package func cacheIdentity(for request: ExplanationRequest) -> String {
        let body = chatRequest(plan: promptPlan(for: request))
        return CacheIdentity(backend: "ollama-chat", model: OllamaWire.canonicalName(model), modelDigest: modelDigest,
                             options: [
                                "num_ctx": "\(body.options.numCtx)", "num_predict": "\(body.options.numPredict)",
                                "seed": "\(body.options.seed)", "temperature": "\(body.options.temperature)",
                             ],
                             prompt: body.messages.map { "\($0.role): \($0.content)" }).text
    }

    /// The `/api/chat` body for one system + user prompt, with `num_ctx` sized to fit it.
    package func chatRequest(system: String, user: String) -> OllamaWire.ChatRequest {
        let promptTokens = PromptBuilder.estimateTokens(system) + PromptBuilder.estimateTokens(user)
        return chatRequest(system: system, user: user, numCtx: PromptBuilder.contextSize(
            promptTokens: promptTokens, numPredict: configuration.numPredict, maxContext: configuration.maxContext))
    }

    /// The `/api/chat` body for a plan (its messages and `num_ctx`).
    package func chatRequest(plan: PromptPlan) -> OllamaWire.ChatRequest {
        chatRequest(system: plan.system, user: plan.user, numCtx: plan.numCtx)
    }

    private func chatRequest(system: String, user: String, numCtx: Int) -> OllamaWire.ChatRequest {
        let options = OllamaWire.Options(temperature: configuration.temperature, seed: configuration.seed,
                                         numCtx: numCtx, numPredict: configuration.numPredict)
        return OllamaWire.ChatRequest(
            model: model,
            messages: [.init(role: "system", content: system), .init(role: "user", content: user)],
            stream: true, options: options, keepAlive: configuration.keepAlive)
    }

    /// Sends one chat (`POST /api/chat`, streamed) and joins the answer line by line.
    package func chat(system: String, user: String) async throws -> OllamaChatResult {
        try await chat(body: chatRequest(system: system, user: user), onToken: nil)
    }

    /// Sends a plan's chat and joins the answer, reporting streamed tokens to `onToken`.
    package func chat(plan: PromptPlan, onToken: TokenProgress? = nil) async throws -> OllamaChatResult {
        try await chat(body: chatRequest(plan: plan), onToken: onToken)
    }

    private func chat(body: OllamaWire.ChatRequest, onToken: TokenProgress?) async throws -> OllamaChatResult {
        let request = HTTPRequest(method: "POST", url: endpoint("api/chat"),
                                  headers: ["Content-Type": "application/json", "Accept": "application/x-ndjson"],
                                  body: try OllamaWire.encode(body), timeout: configuration.readTimeout)
        let response = try await connection.send(request, silenceMeansUnreachable: false)
        try await requireSuccess(response, notFoundMeansModelMissing: true)
        return try await OllamaAnswerReader(url: serverDescription, readTimeout: configuration.readTimeout)
            .read(response.body, onToken: onToken)
    }

    /// `num_ctx` for a prompt: prompt plus answer, rounded up to a multiple of 1024, at least 2048.
    /// Sent every time, because the server's default depends on its memory and truncates silently.
    package static func contextSize(promptTokens: Int, numPredict: Int) -> Int {
        PromptBuilder.contextSize(promptTokens: promptTokens, numPredict: numPredict, maxContext: .max)
    }

    // MARK: - Plumbing

    private func endpoint(_ path: String) -> URL {
        baseURL.appendingPathComponent(path)
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
        ServerConnection.errorMessage(in: data)
    }

    /// Names of the pulled models of `model`'s family ("gemma3:12b" for "gemma3"), sorted.
    static func sameFamily(as model: String, in models: [OllamaWire.TagsResponse.Model]) -> [String] {
        let family = ExplainError.family(of: OllamaWire.canonicalName(model))
        let names = models.map(\.name).filter { ExplainError.family(of: OllamaWire.canonicalName($0)) == family }
        return Array(Set(names)).sorted()
    }
}
