/// An error from a ``XendClient`` call.
///
/// A struct over a private code, so new kinds of failure never break a `switch` in client code.
/// Compare its ``kind`` with the static members: `error.kind == .noSuchDomain`.
public struct XendClientError: Error, Hashable, Sendable, CustomStringConvertible {
    fileprivate enum Code: Hashable, Sendable {
        case connectionFailed
        case noSuchDomain
        case operationFailed
        case httpStatus
        case invalidResponse
        case invalidArgument
        case timedOut
    }

    /// The kind of failure, comparable with the static members of ``XendClientError``.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        fileprivate let code: Code

        /// A readable name for the kind (`noSuchDomain`).
        public var description: String { "\(code)" }
    }

    private let code: Code
    /// The kind of failure.
    public var kind: Kind { Kind(code: code) }
    /// The message: the server's `xend.err` text when the daemon sent one, otherwise the client's own.
    public let message: String
    /// The HTTP status the daemon answered with, when it answered at all.
    public let httpStatus: Int?
    /// The endpoints tried, in order, for connection failures (`unix:/var/lib/xend/xend-socket`).
    public let endpointsTried: [String]

    private init(_ code: Code, _ message: String, httpStatus: Int? = nil, endpointsTried: [String] = []) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.endpointsTried = endpointsTried
    }

    /// A one-line description: the message, then the status when there is one.
    public var description: String {
        switch code {
        case .connectionFailed: message
        case .noSuchDomain, .operationFailed, .httpStatus, .invalidResponse:
            httpStatus.map { "\(message) (HTTP \($0))" } ?? message
        case .invalidArgument, .timedOut: message
        }
    }

    /// Matches an error against a kind in a `switch`: `case XendClientError.Kind.noSuchDomain:`.
    public static func ~= (kind: Kind, error: XendClientError) -> Bool { error.code == kind.code }
}

extension XendClientError.Kind {
    /// No endpoint accepted the connection: the daemon is not running or not reachable.
    public static let connectionFailed = Self(code: .connectionFailed)
    /// The daemon answered 404 for a domain: no domain has that name, id or UUID.
    public static let noSuchDomain = Self(code: .noSuchDomain)
    /// The daemon refused or failed the operation and said why in `(xend.err '…')`.
    public static let operationFailed = Self(code: .operationFailed)
    /// The daemon answered with an HTTP status other than 2xx and without an `xend.err` body.
    public static let httpStatus = Self(code: .httpStatus)
    /// The daemon's reply could not be read as the expected S-expression.
    public static let invalidResponse = Self(code: .invalidResponse)
    /// The call was refused before anything was sent (an argument the protocol cannot carry).
    public static let invalidArgument = Self(code: .invalidArgument)
    /// The daemon did not answer within the configured timeout.
    public static let timedOut = Self(code: .timedOut)
}

extension XendClientError {
    /// A connection failure naming every endpoint tried and why each failed.
    static func connectionFailed(_ attempts: [(endpoint: String, reason: String)]) -> Self {
        let detail = attempts.map { "\($0.endpoint) (\($0.reason))" }.joined(separator: ", ")
        return Self(
            .connectionFailed,
            "cannot connect to xend: tried \(detail)",
            endpointsTried: attempts.map(\.endpoint)
        )
    }

    /// A 404 for a domain path; `body` is the daemon's text (`<Fault 3: 'vm9'>`).
    static func noSuchDomain(_ reference: String, body: String) -> Self {
        let detail = body.isEmpty ? "" : ": \(body)"
        return Self(.noSuchDomain, "no such domain '\(reference)'\(detail)", httpStatus: 404)
    }

    /// The daemon's `xend.err` message.
    static func operationFailed(_ message: String, httpStatus: Int) -> Self {
        Self(.operationFailed, message, httpStatus: httpStatus)
    }

    /// A status without an `xend.err` body.
    static func httpStatus(_ status: Int, reason: String, body: String) -> Self {
        let text = body.isEmpty ? reason : body
        return Self(
            .httpStatus, "xend answered \(status) \(reason)" + (text == reason ? "" : ": \(text)"), httpStatus: status)
    }

    /// A reply that does not have the expected shape.
    static func invalidResponse(_ detail: String, httpStatus: Int? = nil) -> Self {
        Self(.invalidResponse, "unexpected reply from xend: \(detail)", httpStatus: httpStatus)
    }

    /// A connection the daemon closed before it sent a byte of the reply.
    static func closedWithoutReply(_ endpoint: XendClient.Endpoint) -> Self {
        invalidResponse("\(endpoint) closed the connection without a reply (a TLS listener spoken to without TLS?)")
    }

    /// An argument refused before sending.
    static func invalidArgument(_ detail: String) -> Self { Self(.invalidArgument, detail) }

    /// A request that ran past its deadline.
    static func timedOut(_ endpoint: String) -> Self { Self(.timedOut, "xend at \(endpoint) did not answer in time") }
}
