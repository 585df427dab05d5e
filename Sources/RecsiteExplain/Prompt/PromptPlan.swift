/// The shape of prompt a backend sends.
package enum PromptLayout: String, Sendable, Codable, Equatable {
    /// A system and a user message (`/api/chat`, `/v1/chat/completions`).
    case chat
    /// One plain text ending in an answer cue (`/v1/completions`, for base models with no chat template).
    case completion
}

/// One request's prompt, sized to the model's context: the messages, their estimated size, the
/// `num_ctx` to ask for, and whether the liked list had to be shortened to fit (never silently).
package struct PromptPlan: Sendable, Equatable {
    package var layout: PromptLayout
    /// The chat system message.
    package var system: String
    /// The chat user message.
    package var user: String
    /// The single text for a completion API (the template's completion section); filled for both layouts.
    package var completion: String
    /// recsite's (deliberately high) token estimate of what the layout sends: system + user for
    /// chat, the completion text for completion.
    package var estimatedTokens: Int
    /// Most tokens the answer may take (`num_predict`, `max_tokens`).
    package var numPredict: Int
    /// The context to request: prompt + answer rounded up to 1024, at least 2048, never above `maxContext`.
    package var numCtx: Int
    /// The largest context the plan was allowed (the budget).
    package var maxContext: Int
    /// Liked movies the prompt lists.
    package var likedCount: Int
    /// How many liked movies the prompt would have listed before shrinking to fit; nil when nothing was cut.
    package var shrunkLikedFrom: Int?
    /// False when even the shortest allowed liked list leaves the prompt and answer over `maxContext`.
    package var fits: Bool
    /// What the reader should know about this prompt (shortened list, over budget), one sentence each.
    package var warnings: [String]

    /// The text (or messages) the estimate counts, for cache keys and logs.
    package var promptParts: [String] { layout == .chat ? [system, user] : [completion] }
}

extension PromptBuilder {
    /// The context budget when none is given: the largest context recsite asks a server for.
    package static let defaultMaxContext = 8192
    /// Shrinking never leaves fewer liked movies than this (or all of them, when there are fewer).
    package static let minimumLikedMovies = 5

    /// The prompt for `request`, sized to fit `numPredict` answer tokens into `maxContext`.
    ///
    /// When the prompt would not fit, liked movies are dropped from the end of the list (the least
    /// liked first) until it does, keeping at least `minimumLiked`; the plan then says how many
    /// were listed before (`shrunkLikedFrom`) and carries a warning. A prompt that still does not
    /// fit gets `fits == false`, `numCtx == maxContext` and a warning, never a silent cut.
    package func plan(for request: ExplanationRequest, numPredict: Int, maxContext: Int = PromptBuilder.defaultMaxContext,
                      layout: PromptLayout = .chat, minimumLiked: Int = PromptBuilder.minimumLikedMovies) -> PromptPlan {
        let shown = min(request.likedMovies.count, Self.maxLikedMovies)
        let floor = min(shown, max(0, minimumLiked))
        let answer = max(0, numPredict)
        var plan = draft(request, liked: shown, numPredict: answer, maxContext: maxContext, layout: layout)
        var liked = shown
        while plan.estimatedTokens + answer > maxContext && liked > floor {
            liked -= 1
            plan = draft(request, liked: liked, numPredict: answer, maxContext: maxContext, layout: layout)
        }
        plan.fits = plan.estimatedTokens + answer <= maxContext
        if liked < shown {
            plan.shrunkLikedFrom = shown
            plan.warnings.append(
                "the liked list was cut from \(shown) to \(liked) movies so the prompt (about "
                    + "\(DecimalFormat.grouped(plan.estimatedTokens)) tokens) and the answer "
                    + "(\(DecimalFormat.grouped(answer))) fit a context of \(DecimalFormat.grouped(maxContext)) tokens")
        }
        if !plan.fits {
            plan.numCtx = max(1, maxContext)
            plan.warnings.append(
                "the prompt needs about \(DecimalFormat.grouped(plan.estimatedTokens)) tokens plus "
                    + "\(DecimalFormat.grouped(answer)) for the answer, more than the context of "
                    + "\(DecimalFormat.grouped(maxContext)) tokens even with \(liked) liked movies: "
                    + "the model may not read all of it")
        }
        return plan
    }

    /// `num_ctx` for a prompt: prompt plus answer rounded up to a multiple of 1024, at least 2048,
    /// and never more than `maxContext`. Sent every time, because a server's default depends on its
    /// memory and truncates silently.
    package static func contextSize(promptTokens: Int, numPredict: Int, maxContext: Int = defaultMaxContext) -> Int {
        let needed = max(0, promptTokens) + max(0, numPredict)
        return max(1, min(maxContext, max(2048, (needed + 1023) / 1024 * 1024)))
    }

    /// The plan with exactly `liked` liked movies, before the fit is judged.
    private func draft(_ request: ExplanationRequest, liked: Int, numPredict: Int, maxContext: Int,
                       layout: PromptLayout) -> PromptPlan {
        let (system, user) = messages(for: request, likedLimit: liked)
        let completion = completionText(system: system, user: user)
        let tokens = layout == .chat
            ? Self.estimateTokens(system) + Self.estimateTokens(user)
            : Self.estimateTokens(completion)
        return PromptPlan(layout: layout, system: system, user: user, completion: completion, estimatedTokens: tokens,
                          numPredict: numPredict,
                          numCtx: Self.contextSize(promptTokens: tokens, numPredict: numPredict, maxContext: maxContext),
                          maxContext: maxContext, likedCount: liked, shrunkLikedFrom: nil, fits: true, warnings: [])
    }
}

extension PromptPlan {
    /// Below this share of the estimate, a server's prompt-token count means it dropped part of the prompt.
    package static let truncationRatio = 0.5

    /// A warning when the server read far fewer prompt tokens than the plan estimates: Ollama cuts
    /// an over-long prompt silently, and its count is the only sign (REFERENCE.md §3).
    package func truncationWarning(promptTokens: Int?, backend: LLMBackend) -> String? {
        guard let counted = promptTokens, estimatedTokens > 0,
              Double(counted) < Double(estimatedTokens) * Self.truncationRatio else { return nil }
        let who = backend == .ollama ? "Ollama" : "The OpenAI-compatible server"
        let fix = backend == .ollama ? "raise num_ctx" : "raise the server's context size (llama.cpp: --n_ctx)"
        return "\(who) evaluated \(DecimalFormat.grouped(counted)) prompt tokens of an estimated "
            + "\(DecimalFormat.grouped(estimatedTokens)): the prompt was probably truncated; \(fix)"
    }
}
