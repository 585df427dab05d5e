import Foundation
@testable import RecsiteExplain
import Testing

@Suite("OllamaAnswerReader and NDJSONLineBuffer")
struct OllamaAnswerReaderTests {
    static let c17Text = "## Why these picks\n\n* **Casino (1995)** shares the crime focus of Heat."
    let reader = OllamaAnswerReader(url: "http://127.0.0.1:11434", readTimeout: 300)

    @Test("C17: joins every `response` of the streamed fixture until done:true")
    func joinsStreamedFixture() async throws {
        let result = try await reader.read(try ExplainTestFixtures.c17("response_streamed.ndjson"))
        #expect(result.text == Self.c17Text)
        #expect(result.doneReason == "stop")
        #expect(result.promptEvalCount == 61)
        #expect(result.evalCount == 24)
        #expect(result.loadDuration == 8_000_000)
    }

    @Test("C17: a single non-streamed object gives the same text")
    func readsSingleObject() async throws {
        let result = try await reader.read(try ExplainTestFixtures.c17("response_nonstream.json"))
        #expect(result.text == Self.c17Text)
        #expect(result.evalCount == 24)
    }

    @Test("C17: the same text when the body arrives one byte at a time")
    func readsByteByByte() async throws {
        let data = try ExplainTestFixtures.c17("response_streamed.ndjson")
        let (stream, feed) = AsyncThrowingStream.makeStream(of: Data.self, throwing: (any Error).self)
        for byte in data { feed.yield(Data([byte])) }
        feed.finish()
        #expect(try await reader.read(stream).text == Self.c17Text)
    }

    @Test("chat lines: joins message.content")
    func joinsChatLines() async throws {
        let body = """
            {"message":{"role":"assistant","content":"## A"},"done":false}\r
            {"message":{"role":"assistant","content":"\\n\\nb"},"done":false}

            {"message":{"role":"assistant","content":""},"done":true,"done_reason":"length","eval_count":2}
            """
        let result = try await reader.read(Data(body.utf8))
        #expect(result.text == "## A\n\nb")
        #expect(result.cutShort)
    }

    @Test("an error line ends the answer with streamError, even after text")
    func errorLineIsFailure() async throws {
        let body = "{\"response\":\"## Why\",\"done\":false}\n{\"error\":\"an error was encountered while running the model\"}\n"
        await #expect(throws: ExplainError.streamError(message: "an error was encountered while running the model",
                                                       url: "http://127.0.0.1:11434")) {
            try await reader.read(Data(body.utf8))
        }
    }

    @Test("a body without done:true is malformed, not a short answer")
    func missingDoneIsMalformed() async throws {
        let body = "{\"response\":\"## Why\",\"done\":false}\n"
        await #expect(throws: ExplainError.malformedResponse(
            url: "http://127.0.0.1:11434",
            reason: "the answer ended after 1 line(s) without a final line with \"done\": true")) {
            try await reader.read(Data(body.utf8))
        }
    }

    @Test("a line that is not JSON is malformed and quoted")
    func nonJSONLine() async throws {
        await #expect(throws: ExplainError.malformedResponse(url: "http://127.0.0.1:11434",
                                                             reason: "line 1 is not a JSON object: <html>")) {
            try await reader.read(Data("<html>\n".utf8))
        }
    }

    @Test("the line buffer keeps a line split across chunks and skips blank lines")
    func lineBuffer() {
        var buffer = NDJSONLineBuffer()
        #expect(buffer.append(Data("{\"a\":".utf8)).isEmpty)
        let lines = buffer.append(Data("1}\r\n\n  \n{\"b\":2}\n{\"c\"".utf8))
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}", "{\"b\":2}"])
        #expect(buffer.finish().map { String(decoding: $0, as: UTF8.self) } == "{\"c\"")
        #expect(buffer.finish() == nil)
    }
}
