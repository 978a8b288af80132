import SExpression

/// An error as xend reports it: a message clients may grep for, and the HTTP status family it maps to.
///
/// Op handlers throw these; the server renders them as `(xend.err 'message')` with the status of `kind`.
/// The standard messages of the original daemon are static constructors (see `XendError+Messages.swift`),
/// so their exact texts live in one place.
public struct XendError: Error, Hashable, Sendable {
    /// The HTTP-ish family of an error.
    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        /// An operation ran and failed (`500 Request failed: <op>`).
        case operationFailed = "operation_failed"
        /// The addressed domain, path or object does not exist (404).
        case notFound = "not_found"
        /// The request is not a valid op request, e.g. no `op` or two (406).
        case invalidRequest = "invalid_request"
        /// The op or method is not implemented (501).
        case notImplemented = "not_implemented"
        /// The caller may not do this (403).
        case forbidden = "forbidden"
        /// The request is malformed (400).
        case badRequest = "bad_request"

        /// The HTTP status code of this family.
        public var httpStatus: Int {
            switch self {
            case .operationFailed: 500
            case .notFound: 404
            case .invalidRequest: 406
            case .notImplemented: 501
            case .forbidden: 403
            case .badRequest: 400
            }
        }
    }

    /// The family, which decides the HTTP status.
    public var kind: Kind
    /// The message exactly as it goes on the wire.
    public var message: String

    /// An error of `kind` with `message`.
    public init(_ kind: Kind = .operationFailed, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The HTTP status code of this error.
    public var httpStatus: Int { kind.httpStatus }
}

/// JSON: `{"kind": "operation_failed", "message": "..."}`.
extension XendError: Codable {}

extension XendError: CustomStringConvertible {
    public var description: String { message }
}

extension XendError {
    /// The wire form `(xend.err <message>)`.
    public func toSExpression() -> SExpression {
        .list([.atom("xend.err"), .atom(message)])
    }

    /// Reads `(xend.err <message>)`, as clients do with a reply body; `nil` for any other value.
    /// The kind is not on the wire, so it is `.operationFailed`.
    public init?(xendErr expression: SExpression) {
        guard expression.head == "xend.err", let elements = expression.listValue, elements.count == 2,
            let message = elements[1].atomValue
        else { return nil }
        self.init(.operationFailed, message)
    }
}
