/// One option a command accepts, described once for parsing and for `--help`.
package struct OptionSpec: Sendable {
    /// The long name without dashes ("data").
    package var name: String
    /// The value's placeholder in help ("DIR"); nil for a flag that takes no value.
    package var valueName: String?
    /// The default shown in help, if any.
    package var defaultValue: String?
    package var help: String

    package static func value(_ name: String, _ valueName: String, default defaultValue: String? = nil, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, defaultValue: defaultValue, help: help)
    }

    package static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, defaultValue: nil, help: help)
    }
}

/// The options given on a command line, checked against a command's specs.
package struct ParsedOptions: Sendable {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// Parses `--name value`, `--name=value` and `--flag`; anything else is a usage error.
    package init(_ arguments: [String], specs: [OptionSpec], command: String) throws(CLIError) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw CLIError.usage("unexpected argument '\(argument)' for '\(command)'", command: command)
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let spec = specs.first(where: { $0.name == name }) else {
                let hint = Self.closest(to: name, in: specs.map(\.name)).map { " (did you mean --\($0)?)" } ?? ""
                throw CLIError.usage("unknown option '--\(name)' for '\(command)'\(hint)", command: command)
            }
            if spec.valueName == nil {
                guard inlineValue == nil else {
                    throw CLIError.usage("--\(name) takes no value", command: command)
                }
                flags.insert(name)
            } else if let inlineValue {
                values[name] = inlineValue
            } else {
                index += 1
                guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                    throw CLIError.usage("--\(name) needs a value (\(spec.valueName!))", command: command)
                }
                values[name] = arguments[index]
            }
            index += 1
        }
    }

    package func value(_ name: String) -> String? { values[name] }
    package func has(_ name: String) -> Bool { flags.contains(name) || values[name] != nil }

    /// The closest option name within an edit distance of 2, for "did you mean".
    private static func closest(to name: String, in names: [String]) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in names.sorted() {
            let distance = editDistance(Array(name), Array(candidate))
            if distance <= 2, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// Levenshtein distance over characters.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [Int](repeating: 0, count: b.count + 1)
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                let deletion = previous[j] + 1
                let insertion = current[j - 1] + 1
                current[j] = Swift.min(substitution, deletion, insertion)
            }
            previous = current
        }
        return previous[b.count]
    }
}
