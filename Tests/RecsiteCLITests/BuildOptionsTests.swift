import Testing
import RecsiteCLI

@Suite("recsite build's command line")
struct BuildOptionsTests {
    @Test("defaults follow the reference: rank 10, 10 iterations, λ 0.1, nonnegative, seed 42, 25 users, top 10")
    func defaults() throws {
        let options = try BuildOptions(arguments: [])
        #expect(options.rank == 10 && options.iterations == 10 && options.regParam == 0.1)
        #expect(options.nonnegative && options.seed == 42 && options.top == 10)
        #expect(options.cohort == .sample(25))
        #expect(options.alphas == [0, 0.25, 0.5, 0.75, 1])
        #expect(options.explainer == .auto && options.model == nil && options.llm == .ollama && options.llmConcurrency == 1)
        #expect(options.dataDirectory == "data/ml-100k" && options.outputDirectory == "site")
    }

    @Test("reads values in both --name value and --name=value forms")
    func forms() throws {
        let options = try BuildOptions(arguments: ["--users", "3,1,3", "--top=5", "--alphas", "0,1", "--alpha", "0.3",
                                                   "--hybrid-scale", "raw", "--explainer=offline", "--allow-negative"])
        #expect(options.cohort == .users([3, 1]))
        #expect(options.top == 5)
        #expect(options.alphas == [0, 0.3, 1])
        #expect(options.explainedAlpha == 0.3)
        #expect(options.hybridScale == .raw && options.explainer == .offline && !options.nonnegative)
    }

    @Test("--base-url always ends in a slash")
    func baseURL() throws {
        #expect(try BuildOptions(arguments: ["--base-url", "https://example.org/site"]).baseURL == "https://example.org/site/")
    }

    @Test("--cohort takes a count or 'all'")
    func cohort() throws {
        #expect(try BuildOptions(arguments: ["--cohort", "all"]).cohort == .all)
        #expect(try BuildOptions(arguments: ["--cohort", "7"]).cohort == .sample(7))
    }

    @Test("mistakes are usage errors that say what is wrong", arguments: [
        (["--tpo", "5"], "unknown option '--tpo' for 'build' (did you mean --top?)"),
        (["--top", "0"], "--top must be a whole number ≥ 1, not '0'"),
        (["--alphas", "0,1.5"], "--alphas takes numbers between 0 and 1; '1.5' is not one"),
        (["--users", "1,x"], "--users takes comma-separated user ids; 'x' is not one"),
        (["--users", "1", "--cohort", "5"], "give either --users or --cohort, not both"),
        (["--cohort", "some"], "--cohort takes a number of users or 'all', not 'some'"),
        (["--explainer", "gpt"], "--explainer is auto, llm or offline, not 'gpt'"),
        (["--split", "later"], "--split is 'random' or 'time', not 'later'"),
        (["--test-fraction", "1"], "--test-fraction must be between 0 and 1 (exclusive), not 1"),
        (["--eval-users", "0"], "--eval-users takes a number of users or 'all', not '0'"),
        (["--no-eval", "--split", "time"], "--no-eval cannot be combined with --split, --test-fraction, --relevant or --eval-users"),
        (["--llm", "openai"], "--llm openai needs --llm-url, e.g. http://127.0.0.1:8080/v1"),
        (["--no-cache", "--refresh-explanations"], "--no-cache cannot be combined with --cache or --refresh-explanations"),
        (["--data"], "--data needs a value (DIR)"),
        (["--strict=yes"], "--strict takes no value"),
        (["data/ml-100k"], "unexpected argument 'data/ml-100k' for 'build'"),
        (["--base-url", "example.org/x"], "--base-url must be an http or https URL such as https://example.org/reports/, not 'example.org/x'"),
    ])
    func usageErrors(arguments: [String], message: String) {
        do {
            _ = try BuildOptions(arguments: arguments)
            Issue.record("expected a usage error for \(arguments)")
        } catch {
            #expect(error.exitCode == .usage)
            #expect(error.message == message)
            #expect(error.description.hasSuffix("Run 'recsite build --help' for the options."))
        }
    }

    @Test("help lists every option with its default")
    func help() {
        let text = HelpText.build
        for spec in BuildOptions.specs { #expect(text.contains("--\(spec.name)")) }
        #expect(text.contains("(default: gemma3 (Ollama); the server's first model (openai))"))
    }
}
