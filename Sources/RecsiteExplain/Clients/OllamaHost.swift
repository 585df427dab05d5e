import Foundation

/// Where the Ollama server is, read from `OLLAMA_HOST` the way Ollama's own tools read it
/// (the Go CLI's `envconfig.Host` and the Python client's `_parse_host`):
///
/// | `OLLAMA_HOST`            | base URL                     |
/// |--------------------------|------------------------------|
/// | unset or empty           | `http://127.0.0.1:11434`     |
/// | `0.0.0.0`                | `http://0.0.0.0:11434`       |
/// | `example.com:8080`       | `http://example.com:8080`    |
/// | `:8080`                  | `http://127.0.0.1:8080`      |
/// | `http://example.com`     | `http://example.com:80`      |
/// | `https://example.com/`   | `https://example.com:443`    |
/// | `example.com/ollama/`    | `http://example.com:11434/ollama` |
package enum OllamaHost {
    /// Ollama's port when `OLLAMA_HOST` gives none and no scheme.
    package static let defaultPort = 11434
    /// The base URL when nothing is set.
    package static let defaultURL = URL(string: "http://127.0.0.1:11434")!

    /// The base URL from an environment (pass `ProcessInfo.processInfo.environment`).
    package static func resolve(environment: [String: String]) -> URL {
        parse(environment["OLLAMA_HOST"])
    }

    /// The base URL for one `OLLAMA_HOST` value; an unusable value gives the default.
    package static func parse(_ value: String?) -> URL {
        // Go's envconfig.Var trims spaces and one pair of surrounding quotes.
        var text = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        for quote in ["\"", "'"] where text.count >= 2 && text.hasPrefix(quote) && text.hasSuffix(quote) {
            text = String(text.dropFirst().dropLast())
        }
        var scheme = "http"
        var port = defaultPort
        var rest = Substring(text)
        if let separator = text.range(of: "://") {
            scheme = text[..<separator.lowerBound].lowercased()
            rest = text[separator.upperBound...]
            if scheme == "http" { port = 80 } else if scheme == "https" { port = 443 }
        }
        let hostPort = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let path = rest.dropFirst(hostPort.count).prefix { $0 != "?" && $0 != "#" }
            .trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        var (host, portText) = split(hostPort: hostPort)
        if let userInfoEnd = host.lastIndex(of: "@") { host = String(host[host.index(after: userInfoEnd)...]) }
        if let given = portText.flatMap({ Int($0) }), (0...65_535).contains(given) { port = given }
        host = host.isEmpty ? "127.0.0.1" : host.lowercased()
        if host.contains(":") { host = "[\(host)]" }  // IPv6 literals need brackets in a URL
        let suffix = path.isEmpty ? "" : "/\(path)"
        return URL(string: "\(scheme)://\(host):\(port)\(suffix)") ?? defaultURL
    }

    /// Splits "host:port", "[v6]:port", "[v6]", ":port" or a bare (even unbracketed IPv6) host.
    private static func split(hostPort: Substring) -> (host: String, port: String?) {
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            let host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            return (host, after.hasPrefix(":") ? String(after.dropFirst()) : nil)
        }
        let colons = hostPort.filter { $0 == ":" }.count
        guard colons == 1, let colon = hostPort.firstIndex(of: ":") else { return (String(hostPort), nil) }
        return (String(hostPort[..<colon]), String(hostPort[hostPort.index(after: colon)...]))
    }
}
