import SExpression

/// One HTTP response: status code, headers in the order they are sent, and the body.
///
/// The engine adds `Content-Length` (always, also for an empty body) and the original's
/// `Expires: -1`, `Pragma: no-cache`, `Cache-control: no-cache` when the response lacks them.
/// Header names are sent exactly as spelled here, so helpers use the original's `Content-type`.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code (`200`, `201`, `404`, `500`, ...).
    public var status: Int
    /// The status line's reason phrase when it is not the code's usual one (`Request failed: pause`);
    /// `nil` sends the original daemon's phrase for the code (`404 Not found`). Control characters are
    /// replaced and long phrases cut (``statusLinePhrase``), so a phrase built from request text is safe.
    public var reasonPhrase: String?
    /// Header fields in sending order.
    public var headers: HTTPHeaders
    /// The body bytes; HEAD requests get the headers only.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int = 200, headers: HTTPHeaders = [:], body: [UInt8] = [], reasonPhrase: String? = nil) {
        self.status = status
        self.reasonPhrase = reasonPhrase
        self.headers = headers
        self.body = body
    }

    /// The header name spelling the original daemon sent (`str.capitalize()` of the lower-cased name).
    public static let contentTypeHeader = "Content-type"

    /// The caching headers the original daemon sent on every response, in its order.
    public static let noCacheHeaders: [(String, String)] = [
        ("Expires", "-1"), ("Pragma", "no-cache"), ("Cache-control", "no-cache"),
    ]

    /// A response with `Content-type: <contentType>` and `text` as UTF-8 body.
    public static func content(_ text: String, contentType: String, status: Int = 200) -> HTTPResponse {
        content(utf8: Array(text.utf8), contentType: contentType, status: status)
    }

    /// A response with `Content-type: <contentType>` and the body `utf8` itself, sharing its storage.
    static func content(utf8: [UInt8], contentType: String, status: Int) -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: HTTPHeaders(fields: [HTTPHeaders.Field(name: contentTypeHeader, value: contentType)]),
            body: utf8)
    }

    /// Methods the original daemon served; others get ``methodNotSupported(_:)``.
    public static let supportedMethods: Set<String> = ["GET", "HEAD", "POST"]

    /// Whether `method` is one of ``supportedMethods``, compared without hashing (every request asks).
    public static func supports(method: String) -> Bool {
        method == "GET" || method == "HEAD" || method == "POST"
    }

    /// The original's answer to any other method (vector #43): 501, `text/plain`
    /// `Request method not supported (<method>)`, and `Accept: GET,HEAD,POST`.
    public static func methodNotSupported(_ method: String) -> HTTPResponse {
        var response = text("Request method not supported (\(method))", status: 501)
        response.headers.add("Accept", "GET,HEAD,POST")
        return response
    }

    /// A `text/plain` response (404 `Not found: x`, dmesg, the 501 for unsupported methods).
    public static func text(_ text: String, status: Int = 200) -> HTTPResponse {
        content(text, contentType: "text/plain", status: status)
    }

    /// An `application/sxp` response whose body is already-printed S-expression text.
    public static func sxp(_ text: String, status: Int = 200) -> HTTPResponse {
        content(text, contentType: "application/sxp", status: status)
    }

    /// ``sxp(_:status:)`` with the text's UTF-8 given: the body is `utf8` itself, sharing its storage, which
    /// lets the engine send again the response it built for an earlier one with the same body.
    public static func sxp(utf8: [UInt8], status: Int = 200) -> HTTPResponse {
        content(utf8: utf8, contentType: "application/sxp", status: status)
    }

    /// An `application/json` response whose body is already-encoded JSON text.
    public static func json(_ text: String, status: Int = 200) -> HTTPResponse {
        content(text, contentType: "application/json", status: status)
    }

    /// A response without body or Content-type (the original's answer when a handler returned `None`).
    public static func empty(status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status)
    }

    /// `application/sxp` with body `(xend.err <message>)`, the message printed with xend's quoting rules.
    public static func xendError(_ message: String, status: Int) -> HTTPResponse {
        sxp(SExpression.list(["xend.err", .atom(message)]).description, status: status)
    }
}
