@testable import RecsiteExplain
import Testing

/// Sizing the prompt to the context: `num_ctx`, shrinking the liked list, and saying so.
@Suite("PromptPlan")
struct PromptPlanTests {
    /// The fixture user with 20 liked movies whose titles are long (about 40 tokens a line).
    static func longLikedRequest() -> ExplanationRequest {
        var request = ExplainTestFixtures.request()
        request.likedMovies = (1...20).map {
            .init(movieID: $0, title: "The Extraordinarily Long and Winding Title of Liked Film Number \($0)", year: 1990 + $0,
                  genres: ["Drama", "Romance", "War"], rating: 5)
        }
        return request
    }

    let builder = PromptBuilder()

    func tokens(_ request: ExplanationRequest, liked: Int) -> Int {
        let (system, user) = builder.messages(for: request, likedLimit: liked)
        return PromptBuilder.estimateTokens(system) + PromptBuilder.estimateTokens(user)
    }

    @Test("a prompt that fits is sent whole: num_ctx is prompt + answer rounded up to 1024, at least 2048")
    func fits() {
        let request = ExplainTestFixtures.request()
        let plan = builder.plan(for: request, numPredict: 700)
        let (system, user) = PromptBuilder.build(request)
        #expect(plan.system == system)
        #expect(plan.user == user)
        #expect(plan.estimatedTokens == PromptBuilder.estimateTokens(system) + PromptBuilder.estimateTokens(user))
        #expect(plan.numCtx == 2048)
        #expect(plan.likedCount == 3)
        #expect(plan.shrunkLikedFrom == nil)
        #expect(plan.fits)
        #expect(plan.warnings == [])
    }

    @Test("20 long liked titles and a small budget: the list is cut from the end to what fits, and the plan says so")
    func shrinks() throws {
        let request = Self.longLikedRequest()
        let budget = tokens(request, liked: 8) + 200
        try #require(budget < 2048 && tokens(request, liked: 9) + 200 > budget)
        let plan = builder.plan(for: request, numPredict: 200, maxContext: budget)
        #expect(plan.likedCount == 8)
        #expect(plan.shrunkLikedFrom == 20)
        #expect(plan.fits)
        #expect(plan.numCtx == budget)
        #expect(plan.estimatedTokens + plan.numPredict <= plan.numCtx)
        #expect(plan.estimatedTokens == tokens(request, liked: 8))
        #expect(plan.user.contains("Liked Film Number 8 (1998) |"))
        #expect(!plan.user.contains("Liked Film Number 9 (1999)"))
        #expect(plan.user.contains("\n- (12 more liked movies left out to fit the model's context)\n"))
        #expect(plan.warnings == [
            "the liked list was cut from 20 to 8 movies so the prompt (about \(DecimalFormat.grouped(plan.estimatedTokens)) "
                + "tokens) and the answer (200) fit a context of \(DecimalFormat.grouped(budget)) tokens",
        ])
    }

    @Test("never fewer than 5 liked movies: a prompt still too long is flagged, num_ctx is the whole budget")
    func keepsFive() {
        let request = Self.longLikedRequest()
        let plan = builder.plan(for: request, numPredict: 200, maxContext: 500)
        #expect(plan.likedCount == 5)
        #expect(plan.shrunkLikedFrom == 20)
        #expect(!plan.fits)
        #expect(plan.numCtx == 500)
        #expect(plan.estimatedTokens == tokens(request, liked: 5))
        #expect(plan.warnings.count == 2)
        #expect(plan.warnings.last == "the prompt needs about \(DecimalFormat.grouped(plan.estimatedTokens)) tokens plus 200 "
            + "for the answer, more than the context of 500 tokens even with 5 liked movies: the model may not read all of it")
    }

    @Test("a list already at 5 or fewer is not cut; over budget it is only flagged")
    func shortListNotCut() {
        let plan = builder.plan(for: ExplainTestFixtures.request(), numPredict: 700, maxContext: 600)
        #expect(plan.likedCount == 3)
        #expect(plan.shrunkLikedFrom == nil)
        #expect(!plan.fits)
        #expect(plan.warnings.count == 1)
    }

    @Test("the prompt plus the answer never exceeds the num_ctx it requests when it fits",
          arguments: [900, 1200, 1500, 2048, 3000, 4096, 8192])
    func neverExceeds(budget: Int) {
        let plan = builder.plan(for: Self.longLikedRequest(), numPredict: 300, maxContext: budget)
        if plan.fits {
            #expect(plan.estimatedTokens + 300 <= plan.numCtx)
            #expect(plan.numCtx <= budget)
        } else {
            #expect(plan.likedCount == 5)
        }
    }

    @Test("the completion layout counts the completion text, built from both messages")
    func completionLayout() {
        let plan = builder.plan(for: ExplainTestFixtures.request(), numPredict: 700, layout: .completion)
        #expect(plan.completion == "\(plan.system)\n\nQuestion: \(plan.user)\n\nAnswer:")
        #expect(plan.estimatedTokens == PromptBuilder.estimateTokens(plan.completion))
        #expect(plan.promptParts == [plan.completion])
    }

    @Test("context size: rounded up to 1024, at least 2048, capped by the budget")
    func contextSize() {
        #expect(PromptBuilder.contextSize(promptTokens: 100, numPredict: 700) == 2048)
        #expect(PromptBuilder.contextSize(promptTokens: 5000, numPredict: 700) == 6144)
        #expect(PromptBuilder.contextSize(promptTokens: 9000, numPredict: 700) == 8192)
        #expect(PromptBuilder.contextSize(promptTokens: 100, numPredict: 100, maxContext: 1000) == 1000)
    }

    @Test("a truncation warning when the server read under half the estimate, with grouped numbers")
    func truncationWarning() {
        var plan = builder.plan(for: ExplainTestFixtures.request(), numPredict: 700)
        plan.estimatedTokens = 1900
        #expect(plan.truncationWarning(promptTokens: 812, backend: .ollama)
            == "Ollama evaluated 812 prompt tokens of an estimated 1,900: the prompt was probably truncated; raise num_ctx")
        #expect(plan.truncationWarning(promptTokens: 950, backend: .ollama) == nil)
        #expect(plan.truncationWarning(promptTokens: nil, backend: .ollama) == nil)
        #expect(plan.truncationWarning(promptTokens: 10, backend: .openAI)
            == "The OpenAI-compatible server evaluated 10 prompt tokens of an estimated 1,900: the prompt was probably "
                + "truncated; raise the server's context size (llama.cpp: --n_ctx)")
    }

    @Test("grouped numbers", arguments: [(0, "0"), (812, "812"), (1900, "1,900"), (1_234_567, "1,234,567"), (-12345, "-12,345")])
    func grouped(value: Int, text: String) {
        #expect(DecimalFormat.grouped(value) == text)
    }
}
