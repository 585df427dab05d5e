import Testing
@testable import RecsitePublish

/// The four C25 inputs (`/work/shared/cases/inputs/C25/*.md`), byte for byte. They are
/// inlined rather than read from the shared folder so the suite runs from a plain checkout.
enum C25Input {
    static let wrapped = """
        ```markdown
        ## Why you may like these

        * **Casino (1995)** – crime epic
        * **Se7en (1995)** – dark thriller
        ```

        """

    static let wrappedWithInnerFence = """
        ```markdown
        ## Picks

        Try this query:

        ```text
        genre:crime year:1995
        ```

        * **Casino (1995)**
        ```

        """

    static let prefaceThenFence = """
        Sure! Here is the explanation:

        ```md
        ## Picks

        * **Casino (1995)**
        ```

        """

    static let legitCode = """
        ## Picks

        * **Casino (1995)**

        Search tip:

        ```text
        genre:crime
        ```

        """
}

@Suite("MarkdownCleanup.unwrapWholeAnswerFence")
struct MarkdownCleanupTests {
    // MARK: C25 inputs

    @Test("C25: removes a ```markdown fence around the whole answer")
    func unwrapsWrappedAnswer() {
        #expect(MarkdownCleanup.unwrapWholeAnswerFence(C25Input.wrapped) == """
            ## Why you may like these

            * **Casino (1995)** – crime epic
            * **Se7en (1995)** – dark thriller
            """)
    }

    @Test("C25: removes only the outer lines; the inner ```text block stays")
    func unwrapsAroundInnerFence() {
        #expect(MarkdownCleanup.unwrapWholeAnswerFence(C25Input.wrappedWithInnerFence) == """
            ## Picks

            Try this query:

            ```text
            genre:crime year:1995
            ```

            * **Casino (1995)**
            """)
    }

    @Test("C25: keeps a one-line preface and removes the ```md fence after it")
    func keepsPrefaceAndUnwraps() {
        #expect(MarkdownCleanup.unwrapWholeAnswerFence(C25Input.prefaceThenFence) == """
            Sure! Here is the explanation:

            ## Picks

            * **Casino (1995)**
            """)
    }

    @Test("C25: leaves an answer that merely contains a code block alone (only the final newline goes)")
    func leavesLegitCodeAlone() {
        #expect(MarkdownCleanup.unwrapWholeAnswerFence(C25Input.legitCode) == """
            ## Picks

            * **Casino (1995)**

            Search tip:

            ```text
            genre:crime
            ```
            """)
    }

    // MARK: Which fences count as a wrapper

    @Test("unwraps fences labelled markdown/md in any case, bare fences and tilde fences", arguments: [
        "```markdown\n# A\n```",
        "```MarkDown\n# A\n```",
        "```md\n# A\n```",
        "```\n# A\n```",
        "~~~markdown\n# A\n~~~",
        "````md\n# A\n`````",
        "\n\n   ```markdown\n# A\n```  \n\n",
    ])
    func unwrapsWrapperVariants(input: String) {
        #expect(MarkdownCleanup.unwrapWholeAnswerFence(input) == "# A")
    }

    @Test("leaves fences that are not a whole-answer Markdown wrapper alone", arguments: [
        // A real code language is code, even when it is the whole answer.
        "```python\nprint(1)\n```",
        // Not closed at the end: the model was cut off; nothing to pair.
        "```markdown\n# A\n* b",
        // Closed by the other fence character, or by a shorter run.
        "```markdown\n# A\n~~~",
        "````markdown\n# A\n```",
        // A single line is not a wrapper.
        "```markdown",
        // Four spaces of indent make an indented code block, not a fence.
        "    ```markdown\n# A\n```",
        // A bare fence after a preface is probably real code.
        "Search tip:\n\n```\ngenre:crime\n```",
        // Two prefix lines are content, not a preface.
        "Intro.\nMore intro.\n\n```md\n# A\n```",
        // An answer that starts and ends with separate bare code blocks.
        "```\nfirst\n```\n\nbetween\n\n```\nsecond\n```",
        // Labelled wrapper whose last line closes a different, inner block.
        "```markdown\n# A\n```\n\nbetween\n\n```python\nx = 1\n```",
    ])
    func leavesNonWrappersAlone(input: String) {
        #expect(MarkdownCleanup.unwrapWholeAnswerFence(input) == input)
    }

    @Test("a markdown-labelled wrapper may hold a bare inner code block")
    func labelledWrapperWithBareInnerBlock() {
        let input = "```markdown\n# A\n\n```\ncode\n```\n\nend\n```"
        #expect(MarkdownCleanup.unwrapWholeAnswerFence(input) == "# A\n\n```\ncode\n```\n\nend")
    }

    @Test("an inner fence indented inside a list item is tracked too")
    func indentedInnerFence() {
        let input = "```\n* step\n\n    ~~~\n    x\n    ~~~\n```"
        #expect(MarkdownCleanup.unwrapWholeAnswerFence(input) == "* step\n\n    ~~~\n    x\n    ~~~")
    }

    // MARK: Whitespace

    @Test("CRLF and lone CR become LF")
    func normalisesLineEndings() {
        #expect(MarkdownCleanup.unwrapWholeAnswerFence("# A\r\n\r\nb\rc\r\n") == "# A\n\nb\nc")
    }

    @Test("CRLF does not stop a wrapper from being found")
    func unwrapsCRLFWrapper() {
        #expect(MarkdownCleanup.unwrapWholeAnswerFence("```markdown\r\n# A\r\n```\r\n") == "# A")
    }

    @Test("trims whitespace at the end but keeps two trailing spaces inside (a hard line break)")
    func trimsOnlyTheEnd() {
        #expect(MarkdownCleanup.unwrapWholeAnswerFence("line one  \nline two \t\n\n  ") == "line one  \nline two")
    }

    @Test("empty and blank input give an empty string", arguments: ["", "   ", "\n\n\t\n", "\r\n"])
    func blankInput(input: String) {
        #expect(MarkdownCleanup.unwrapWholeAnswerFence(input) == "")
    }
}
