import Foundation
@testable import RecsiteExplain
import Testing

@Suite("OllamaHost")
struct OllamaHostTests {
    /// `OLLAMA_HOST` values and the base URL Ollama's own clients connect to for each.
    static let table: [(String?, String)] = [
        (nil, "http://127.0.0.1:11434"),
        ("", "http://127.0.0.1:11434"),
        ("0.0.0.0", "http://0.0.0.0:11434"),
        ("1.2.3.4", "http://1.2.3.4:11434"),
        (":56789", "http://127.0.0.1:56789"),
        ("1.2.3.4:56789", "http://1.2.3.4:56789"),
        ("0.0.0.0:8080", "http://0.0.0.0:8080"),
        ("example.com", "http://example.com:11434"),
        ("Example.COM:56789/", "http://example.com:56789"),
        ("http://example.com", "http://example.com:80"),
        ("https://example.com", "https://example.com:443"),
        ("https://example.com:56789/", "https://example.com:56789"),
        ("example.com/ollama/", "http://example.com:11434/ollama"),
        ("https://example.com:56789/path", "https://example.com:56789/path"),
        ("[::1]", "http://[::1]:11434"),
        ("[::1]:56789", "http://[::1]:56789"),
        ("https://[::1]", "https://[::1]:443"),
        ("  \"localhost:9999\"  ", "http://localhost:9999"),
        ("example.com:notaport", "http://example.com:11434"),
    ]

    @Test("parses OLLAMA_HOST the way Ollama's Python client and CLI do", arguments: table)
    func parsesHost(value: String?, expected: String) {
        #expect(OllamaHost.parse(value).absoluteString == expected)
    }

    @Test("reads OLLAMA_HOST from the environment and ignores other variables")
    func readsEnvironment() {
        #expect(OllamaHost.resolve(environment: [:]).absoluteString == "http://127.0.0.1:11434")
        #expect(OllamaHost.resolve(environment: ["OLLAMA_HOST": "0.0.0.0:1234", "HOST": "x"]).absoluteString
            == "http://0.0.0.0:1234")
    }

    @Test("the API path is appended after a base path")
    func appendsAPIPath() {
        let base = OllamaHost.parse("example.com/ollama/")
        #expect(base.appendingPathComponent("api/tags").absoluteString == "http://example.com:11434/ollama/api/tags")
    }
}
