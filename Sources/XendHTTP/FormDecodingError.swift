/// Why a request's path or parameters could not be decoded. The router answers these with
/// 400 and `(xend.err '<message>')`.
public struct FormDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case invalidUTF8
        case missingBoundary
        case invalidBoundary
    }

    private let code: Code
    /// A one-line explanation suitable for an `xend.err` body.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A path segment, parameter name or parameter value is not UTF-8 once %-decoded.
    public static func invalidUTF8(in place: String) -> FormDecodingError {
        FormDecodingError(.invalidUTF8, "Invalid UTF-8 in \(place)")
    }

    /// A `multipart/form-data` body without a `boundary` parameter.
    public static let missingBoundary = FormDecodingError(.missingBoundary, "Missing multipart boundary")

    /// A boundary Python's `cgi.valid_boundary` rejects (1–200 printable ASCII characters, not ending in space).
    public static let invalidBoundary = FormDecodingError(.invalidBoundary, "Invalid boundary in multipart form")

    /// Whether `other` is the same kind of error, ignoring the message's details.
    public func isSameKind(as other: FormDecodingError) -> Bool { code == other.code }

    public var description: String { message }
}
