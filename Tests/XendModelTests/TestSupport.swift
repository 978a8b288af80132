import FoundationEssentials
import SExpression
import Testing

@testable import XendModel

/// Parses `text` or fails the test.
func parsed(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SExpression {
    try SExpression.parse(text)
}

/// Encodes `value` to JSON and decodes it back.
func jsonRoundTrip<T: Codable>(_ value: T) throws -> T {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try JSONDecoder().decode(T.self, from: encoder.encode(value))
}

/// The JSON text of `value`, keys sorted.
func jsonText<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Runs `body` and returns the `XendError` it threw, or `nil`.
func xendError(_ body: () throws -> Void) -> XendError? {
    do {
        try body()
        return nil
    } catch let error as XendError {
        return error
    } catch {
        Issue.record("expected an XendError, got \(error)")
        return nil
    }
}

extension UUID {
    /// A UUID literal for tests.
    static func of(_ text: String) -> UUID { UUID(xendString: text)! }
}
