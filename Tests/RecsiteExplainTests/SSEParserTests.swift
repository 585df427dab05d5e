import Foundation
@testable import RecsiteExplain
import Testing

/// Server-sent events cut at any byte, and the OpenAI answer reader on top of them.
@Suite("SSEParser and OpenAIAnswerReader")
struct SSEParserTests {
    /// A llama.cpp-style chat stream: role chunk, three text pieces (one with a 2-byte and a
    /// 3-byte UTF-8 character), finish, usage, [DONE].
    static let chatStream = [
        ###"data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"###, "",
        ###"data: {"choices":[{"index":0,"delta":{"content":"## Why"},"finish_reason":null}]}"###, "",
        ###"data: {"choices":[{"index":0,"delta":{"content":" α ×"},"finish_reason":null}]}"###, "",
        ###"data: {"choices":[{"index":0,"delta":{"content":" works"},"finish_reason":null}]}"###, "",
        ###"data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"###, "",
        ###"data: {"choices":[],"usage":{"prompt_tokens":611,"completion_tokens":3,"total_tokens":614}}"###, "",
        "data: [DONE]", "", "",
    ].joined(separator: "\n")

    let reader = OpenAIAnswerReader(url: "http://127.0.0.1:8088/v1", readTimeout: 300)

    static func stream(_ data: Data, pieceSize: Int) -> AsyncThrowingStream<Data, any Error> {
        let (stream, feed) = AsyncThrowingStream.makeStream(of: Data.self, throwing: (any Error).self)
        var offset = 0
        while offset < data.count {
            let end = min(data.count, offset + pieceSize)
            feed.yield(data.subdata(in: offset..<end))
            offset = end
        }
        feed.finish()
        return stream
    }

    @Test("the same events whatever the chunk size, even inside UTF-8 characters", arguments: [1, 2, 3, 5, 7, 13, 64, 4096])
    func oddBoundaries(pieceSize: Int) async throws {
        let result = try await reader.read(Self.stream(Data(Self.chatStream.utf8), pieceSize: pieceSize))
        #expect(result == OpenAIResult(text: "## Why α × works", finishReason: "stop", promptTokens: 611, completionTokens: 3))
    }

    @Test("CRLF and lone CR line ends, split between chunks, end lines as LF does")
    func lineEnds() {
        var parser = SSEParser()
        var events: [String] = []
        for piece in ["data: a\r", "\n\r", "\ndata: b\r\rdata: c\n", "\n"] { events += parser.append(Data(piece.utf8)) }
        #expect(events == ["a", "b", "c"])
    }

    @Test("comments and other fields are skipped; several data lines join with a newline")
    func fields() {
        var parser = SSEParser()
        let events = parser.append(Data(": keep-alive\n\nevent: message\nid: 7\ndata: one\ndata:two\nretry: 10\n\n".utf8))
        #expect(events == ["one\ntwo"])
    }

    @Test("an event not ended by a blank line still counts at the end of the body")
    func unterminatedLastEvent() {
        var parser = SSEParser()
        #expect(parser.append(Data("data: x\n\ndata: y".utf8)) == ["x"])
        #expect(parser.finish() == "y")
        #expect(parser.finish() == nil)
    }

    @Test("completion events join choices[0].text; finish_reason length means cut short")
    func completionText() async throws {
        let body = #"""
            data: {"choices":[{"index":0,"text":"Heat is","finish_reason":null}]}

            data: {"choices":[{"index":0,"text":" tense.","finish_reason":"length"}]}

            data: [DONE]


            """#
        let result = try await reader.read(Self.stream(Data(body.utf8), pieceSize: 9))
        #expect(result == OpenAIResult(text: "Heat is tense.", finishReason: "length", promptTokens: nil, completionTokens: 2))
        #expect(result.cutShort)
    }

    @Test("onToken counts text pieces, not the role or finish events")
    func progress() async throws {
        let seen = Recorder<Int>()
        _ = try await reader.read(Self.stream(Data(Self.chatStream.utf8), pieceSize: 4096), onToken: { seen.append($0) })
        #expect(seen.values == [1, 2, 3])
    }

    @Test("an error event mid-stream is a stream error, never text")
    func errorEvent() async throws {
        let body = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: {\"error\":{\"message\":\"slot unavailable\",\"type\":\"server_error\"}}\n\n"
        await #expect(throws: ExplainError.streamError(message: "slot unavailable", url: "http://127.0.0.1:8088/v1", backend: .openAI)) {
            try await reader.read(Self.stream(Data(body.utf8), pieceSize: 10))
        }
    }

    @Test("a stream that ends without [DONE] or a finish_reason is malformed; with a finish_reason it is accepted")
    func endings() async throws {
        let cut = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
        await #expect(throws: ExplainError.malformedResponse(
            url: "http://127.0.0.1:8088/v1",
            reason: "the stream ended after 1 event(s) without `data: [DONE]` or a finish_reason", backend: .openAI)) {
            try await reader.read(Self.stream(Data(cut.utf8), pieceSize: 100))
        }
        let finished = cut + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
        #expect(try await reader.read(Self.stream(Data(finished.utf8), pieceSize: 100)).text == "Hi")
        await #expect(throws: ExplainError.malformedResponse(url: "http://127.0.0.1:8088/v1",
                                                              reason: "the answer was empty (no `data:` events)", backend: .openAI)) {
            try await reader.read(Self.stream(Data(), pieceSize: 1))
        }
    }

    @Test("an event that is not JSON is malformed and quoted")
    func notJSON() async throws {
        await #expect(throws: ExplainError.malformedResponse(url: "http://127.0.0.1:8088/v1",
                                                              reason: "event 1 is not a JSON object: {oops", backend: .openAI)) {
            try await reader.read(Self.stream(Data("data: {oops\n\n".utf8), pieceSize: 3))
        }
    }

    @Test("a whole (non-streamed) chat reply is read from choices[0].message")
    func wholeReply() throws {
        let data = Data(#"{"choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":1}}"#.utf8)
        #expect(try reader.readWhole(data) == OpenAIResult(text: "Hello", finishReason: "stop", promptTokens: 12, completionTokens: 1))
    }
}
