import Foundation

/// Cuts a `text/event-stream` body into events as chunks arrive (the WHATWG server-sent events
/// format OpenAI-compatible servers stream): `data:` lines, joined with "\n" within one event,
/// end an event at a blank line; `:` comments and `event:`/`id:`/`retry:` fields are skipped.
///
/// Works on bytes, so a chunk boundary may fall anywhere, even inside a UTF-8 character or between
/// the `\r` and `\n` of a line end.
package struct SSEParser: Sendable {
    private var line: [UInt8] = []
    private var data: [String] = []
    private var hasData = false
    private var afterCR = false

    package init() {}

    /// Appends a chunk and returns the `data` of every event it completed.
    package mutating func append(_ chunk: Data) -> [String] {
        var events: [String] = []
        for byte in chunk {
            if afterCR {
                afterCR = false
                if byte == UInt8(ascii: "\n") { continue }  // the \n of a \r\n already handled
            }
            switch byte {
            case UInt8(ascii: "\r"):
                afterCR = true
                if let event = endLine() { events.append(event) }
            case UInt8(ascii: "\n"):
                if let event = endLine() { events.append(event) }
            default:
                line.append(byte)
            }
        }
        return events
    }

    /// At the end of the body: the last event when the server did not end it with a blank line.
    package mutating func finish() -> String? {
        if !line.isEmpty { _ = endLine() }
        return dispatch()
    }

    /// Ends the current line; returns an event when the line was blank.
    private mutating func endLine() -> String? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty { return dispatch() }
        if line.first == UInt8(ascii: ":") { return nil }  // a comment (keep-alive)
        let text = String(decoding: line, as: UTF8.self)
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = text[...]
            value = ""
        }
        if field == "data" {
            data.append(String(value))
            hasData = true
        }
        return nil
    }

    private mutating func dispatch() -> String? {
        defer { data.removeAll(); hasData = false }
        return hasData ? data.joined(separator: "\n") : nil
    }
}
