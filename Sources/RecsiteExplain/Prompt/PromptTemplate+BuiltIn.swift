/// The prompt template compiled into recsite: a byte-for-byte copy of
/// `templates/prompt/explanation.txt` (a test keeps the two equal), used when the templates folder
/// has no prompt file.
extension PromptTemplate {
    /// The text of `templates/prompt/explanation.txt` as shipped.
    package static let builtInText = #"""
        {{! recsite's prompt for one user's explanation. Edit it freely: recsite fills each placeholder
            with that user's data, and keeps a copy built in for when this file is absent.

            "--- system ---", "--- user ---" and "--- completion ---" start the three sections: the chat
            system message, the chat user message, and the single text sent to a completion API
            (`--llm-api completions`, for base models without a chat template).

            Placeholders (system and user sections): user_id, rating_count, mean_rating, liked_movies
            (one "- title | genres | rating" line each), liked_count, genre_profile, alpha,
            alpha_meaning, alpha_summary, recommendations (one line each, with CF and content scores),
            candidates, questions (the four numbered questions), headings (the four "## …" headings).
            Completion section: system, user (the two messages above, already filled in).

            A line whose placeholders all come out empty is left out. Text between these braces with an
            exclamation mark is a comment. Changing this file changes every prompt, so the explanation
            cache asks the model again. }}
        --- system ---
        You explain a movie recommender's list to one of its users. Use only the data in the user's message: never invent movies, years, people, plots or numbers, and mention only titles that appear in the lists given. Answer in Markdown with one `##` heading per question, in this order: {{headings}}. Use short paragraphs and `-` bullets; no HTML, no tables, no links, no images. Stay under 400 words.

        --- user ---
        User {{user_id}} has {{rating_count}} ratings (mean {{mean_rating}}).

        Liked movies (best first; title | genres | rating):
        {{liked_movies}}

        Genre profile of the liked movies: {{genre_profile}}

        Recommended list at α = {{alpha}} (hybrid = α × content + (1 − α) × CF; CF and content scores scaled to 0–1):
        {{recommendations}}

        {{alpha_meaning}}
        Across α values: {{alpha_summary}}

        Candidates for other suggestions (suggest only from these): {{candidates}}

        Answer these four questions, one `##` section each:
        {{questions}}

        --- completion ---
        {{system}}

        Question: {{user}}

        Answer:

        """#

    /// The shipped template, parsed. It is a constant checked by the tests, so parsing cannot fail
    /// at run time; the fallback only keeps this free of `try!`.
    package static let builtIn: PromptTemplate = {
        do {
            return try PromptTemplate(parsing: builtInText, origin: "the built-in prompt template")
        } catch {
            preconditionFailure("the built-in prompt template does not parse: \(error)")
        }
    }()
}
