import Foundation

/// The data a template reads: JSON-shaped, built from `JSONSerialization` output or any `Encodable` page model.
///
/// Truthiness (what `{{#x}}` shows and `{{^x}}` hides): `null`, `false`, an empty list and an
/// empty string are false; everything else, including the number 0 and an empty object, is true.
package enum MustacheValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([MustacheValue])
    case object([String: MustacheValue])

    /// Converts `JSONSerialization` output (or plain Swift values of the same shapes).
    ///
    /// On Linux and macOS a JSON `true` arrives as an `NSNumber` whose class is the boolean
    /// singleton's; checking the class keeps `true` a boolean instead of the number 1.
    /// Values of any other type become `null`.
    package init(json: Any) {
        switch json {
        case let number as NSNumber where type(of: json) is NSNumber.Type:
            self = Self.isBoolean(number) ? .bool(number.boolValue) : .number(number.doubleValue)
        case let value as Bool: self = .bool(value)
        case let value as any BinaryInteger: self = .number(Double(value))
        case let value as any BinaryFloatingPoint: self = .number(Double(value))
        case let value as String: self = .string(value)
        case let list as [Any]: self = .array(list.map(MustacheValue.init(json:)))
        case let dictionary as [String: Any]: self = .object(dictionary.mapValues(MustacheValue.init(json:)))
        default: self = .null
        }
    }

    /// Encodes a page model with `JSONEncoder` (sorted keys, ISO 8601 dates) and converts the result,
    /// so templates read exactly the fields the model's `Codable` conformance exposes.
    package init<Model: Encodable>(encoding model: Model) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        do {
            let data = try encoder.encode(model)
            self.init(json: try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
        } catch {
            throw TemplateError.unencodableModel(type: String(describing: Model.self), reason: "\(error)")
        }
    }

    /// Whether a section shows its content (see the type's summary).
    package var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let value): return value
        case .array(let items): return !items.isEmpty
        case .string(let text): return !text.isEmpty
        case .number, .object: return true
        }
    }

    /// The text `{{x}}` writes before escaping: integers without ".0", other numbers in their
    /// shortest exact form (1.21 → "1.21"), booleans as true/false, null, lists and objects as "".
    package var interpolatedText: String {
        switch self {
        case .string(let text): return text
        case .number(let number): return Self.format(number)
        case .bool(let value): return value ? "true" : "false"
        case .null, .array, .object: return ""
        }
    }

    /// The member `key` of an object, or nil for a missing key or a value that is not an object.
    package subscript(key: String) -> MustacheValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    private static let booleanClass: ObjectIdentifier = ObjectIdentifier(type(of: NSNumber(value: true)))

    private static func isBoolean(_ number: NSNumber) -> Bool {
        ObjectIdentifier(type(of: number)) == booleanClass
    }

    private static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 {
            return String(Int64(number))
        }
        return "\(number)"
    }
}

extension MustacheValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .number(Double(value)) }
    package init(floatLiteral value: Double) { self = .number(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(arrayLiteral elements: MustacheValue...) { self = .array(elements) }
    package init(nilLiteral: ()) { self = .null }
    package init(dictionaryLiteral elements: (String, MustacheValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
