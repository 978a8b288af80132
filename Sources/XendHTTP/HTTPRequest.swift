/// One HTTP request as the router sees it: decoded path and parameters plus everything raw.
///
/// Parameters follow the original daemon (docs/protocol.md#request-parameters): the query string is decoded
/// without blank values, the body only when its Content-Type is a form, and body parameters
/// replace query parameters of the same name. When the path or a parameter does not decode,
/// `decodingError` says why and the decoded fields are empty; the router answers 400.
public struct HTTPRequest: Sendable {
    /// The method token as sent (`GET`, `POST`, `PUT`, ...).
    public var method: String
    /// The request target as sent, query included (`/xend/domain?detail=1`).
    public var target: String
    /// The protocol version from the request line (`HTTP/1.1`, `HTTP/1.0`).
    public var version: String
    /// The target's path, not decoded (`/xend/domain/`).
    public var rawPath: String
    /// The target's query string without `?`, not decoded; `nil` when the target has no `?`.
    public var rawQuery: String?
    /// The path after its leading `/`, split on `/`, each segment %-decoded; empty segments kept.
    public var pathSegments: [String]
    /// Parameters from the query string.
    public var queryParameters: FormParameters
    /// Parameters from a form body (urlencoded or multipart).
    public var bodyParameters: FormParameters
    /// Query parameters with body parameters merged over them (same name: the body's list wins).
    public var parameters: FormParameters
    /// Why the path or parameters could not be decoded, if they could not.
    public var decodingError: FormDecodingError?
    /// The request headers in the order received.
    public var headers: HTTPHeaders
    /// The raw request body.
    public var body: [UInt8]
    /// The socket kind the request arrived on.
    public var transport: HTTPTransport
    /// The client's IP address for TCP (`127.0.0.1`, `::1`); `nil` on the Unix socket.
    public var peerAddress: String?
    /// When the request began, in `CLOCK_MONOTONIC` nanoseconds: when the engine had its headers, or when
    /// the public initialiser built it. Timing a request from here takes one clock reading, not two.
    public var startNanoseconds: Int64

    /// The `Host` header, used to build `Location` URLs as the original did.
    public var host: String? { headers["Host"] }

    /// The first value of parameter `name`, as most of xend's handlers read it.
    public func parameter(_ name: String) -> String? { parameters[name]?.first }

    /// The decoded parts of a request, all empty with the error when something does not decode.
    struct Decoded: Sendable {
        var segments: [String] = []
        var queryParameters: FormParameters = [:]
        var bodyParameters: FormParameters = [:]
        var parameters: FormParameters = [:]
        var error: FormDecodingError?

        init(path: String, query: String?, body: [UInt8], contentType: String?) {
            do throws(FormDecodingError) {
                segments = try FormDecoder.pathSegments(path)
                if let query { queryParameters = try FormDecoder.decode(Array(query.utf8), keepBlankValues: false) }
                bodyParameters = try HTTPRequest.decodeBody(body, contentType: contentType)
                parameters =
                    bodyParameters.isEmpty
                    ? queryParameters : queryParameters.merging(bodyParameters) { _, fromBody in fromBody }
            } catch {
                segments = []
                queryParameters = [:]
                bodyParameters = [:]
                parameters = [:]
                self.error = error
            }
        }
    }

    /// Decodes a body only for the two form content types; any other body is not parameters.
    static func decodeBody(_ body: [UInt8], contentType: String?) throws(FormDecodingError) -> FormParameters {
        guard let contentType else { return [:] }
        let parsed = HeaderParameters(parsing: contentType)
        switch parsed.value.lowercased() {
        case "application/x-www-form-urlencoded":
            return try FormDecoder.decode(body, keepBlankValues: true)
        case "multipart/form-data":
            guard let boundary = parsed.parameters["boundary"] else { throw .missingBoundary }
            return try MultipartFormDecoder.decode(body, boundary: boundary)
        default:
            return [:]
        }
    }

    /// Splits `path?query`; an absolute-form target (`http://host/path`) keeps only its path.
    static func split(target: String) -> (path: String, query: String?) {
        if target.utf8.first == UInt8(ascii: "/") { return splitOriginForm(target) }
        var rest = Substring(target)
        for scheme in ["http://", "https://"]
        where rest.utf8.first != UInt8(ascii: "/") && rest.lowercased().hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count)
            rest = rest.firstIndex(where: { $0 == "/" || $0 == "?" }).map { rest[$0...] } ?? ""
            if !rest.hasPrefix("/") { rest = Substring("/" + rest) }
        }
        // Byte searches: this runs for every request, and `?` and `#` are ASCII.
        if let fragment = rest.utf8.firstIndex(of: UInt8(ascii: "#")) { rest = rest[..<fragment] }
        guard let question = rest.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (String(rest), nil) }
        return (String(rest[..<question]), String(rest[rest.utf8.index(after: question)...]))
    }

    /// ``split(target:)`` of a target starting with `/` (every client's), found with one pass over the
    /// string's own UTF-8; without `?` or `#` the path is the target itself, not a copy.
    private static func splitOriginForm(_ target: String) -> (path: String, query: String?) {
        var target = target
        let (question, fragment) = target.withUTF8 { bytes -> (Int?, Int?) in
            var question: Int?
            for index in bytes.indices {
                switch bytes[index] {
                case UInt8(ascii: "#"): return (question, index)
                case UInt8(ascii: "?") where question == nil: question = index
                default: continue
                }
            }
            return (question, nil)
        }
        if question == nil && fragment == nil { return (target, nil) }
        let utf8 = target.utf8
        let end = utf8.index(utf8.startIndex, offsetBy: fragment ?? utf8.count)
        guard let question else { return (String(target[..<end]), nil) }
        let questionIndex = utf8.index(utf8.startIndex, offsetBy: question)
        return (String(target[..<questionIndex]), String(target[utf8.index(after: questionIndex)..<end]))
    }
}

extension HTTPRequest {
    /// Builds a request and decodes its path and parameters.
    public init(
        method: String,
        target: String,
        version: String = "HTTP/1.1",
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        transport: HTTPTransport = .unix,
        peerAddress: String? = nil
    ) {
        self = Self.decoding(
            method: method, target: target, version: version, headers: headers, body: body, transport: transport,
            peerAddress: peerAddress, startNanoseconds: MonotonicClock.nanoseconds())
    }

    /// What the initialiser makes, built as one memberwise value: with the stored properties assigned
    /// one by one in an initialiser, the optimiser copied the whole request once and released the
    /// original, 0.7k instructions per request (callgrind, docs/performance.md). The engine calls this.
    /// The engine passes its `DecodedTargets`, which keeps what the last request without a body decoded.
    static func decoding(
        method: String, target: String, version: String, headers: HTTPHeaders, body: [UInt8],
        transport: HTTPTransport, peerAddress: String?, startNanoseconds: Int64, decodedTargets: DecodedTargets? = nil
    ) -> HTTPRequest {
        let contentType = headers["Content-Type"]
        let path: String
        let query: String?
        let decoded: Decoded
        if body.isEmpty, decodedTargets != nil {
            // Called through the optional, not a binding of it: a binding retained the listener's one
            // `DecodedTargets` on every request, from every worker thread (docs/performance.md,
            // "One slot per thread").
            (path, query, decoded) = decodedTargets!.decoded(target: target, contentType: contentType)
        } else {
            (path, query) = split(target: target)
            decoded = Decoded(path: path, query: query, body: body, contentType: contentType)
        }
        return HTTPRequest(
            method: method, target: target, version: version, rawPath: path, rawQuery: query,
            pathSegments: decoded.segments, queryParameters: decoded.queryParameters,
            bodyParameters: decoded.bodyParameters, parameters: decoded.parameters, decodingError: decoded.error,
            headers: headers, body: body, transport: transport, peerAddress: peerAddress,
            startNanoseconds: startNanoseconds)
    }
}
