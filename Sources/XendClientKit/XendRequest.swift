import XendModel

/// One request to the daemon, before it is bound to an endpoint.
struct XendRequest: Sendable {
    enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    var method: Method
    /// Path segments after `/xend/`, each percent-encoded on the wire; an empty last segment gives a
    /// trailing slash (`/xend/domain/`, where libvirt sends create and restore).
    var segments: [String]
    var query: [(RequestParameter, String)] = []
    var form: [(RequestParameter, String)] = []
    /// The domain the request is about: a 404 then means "no such domain".
    var domain: String?

    /// The path and query, `/xend/domain/vm1?op=vcpuinfo`.
    var target: String {
        let path = "/xend/" + segments.map(FormEncoding.percentEncode).joined(separator: "/")
        return query.isEmpty ? path : path + "?" + Self.encode(query)
    }

    /// The form body of a POST.
    var body: String { Self.encode(form) }

    private static func encode(_ fields: [(RequestParameter, String)]) -> String {
        FormEncoding.encode(fields.map { ($0.rawValue, $1) })
    }

    static func get(_ segments: String..., query: [(RequestParameter, String)] = [], domain: String? = nil)
        -> XendRequest
    {
        XendRequest(method: .get, segments: segments, query: query, domain: domain)
    }

    /// POST `op` to the resource at `segments`, `op=<op>` first and then `fields`, as libvirt sends it.
    static func post(
        _ op: some WireOperation, to segments: String..., fields: [(RequestParameter, String)] = [],
        domain: String? = nil
    ) -> XendRequest {
        XendRequest(method: .post, segments: segments, form: [(.op, op.rawValue)] + fields, domain: domain)
    }

    /// An operation on one domain: POST `/xend/domain/<dom>`.
    static func domainOperation(
        _ op: DomainOperation, on domain: DomainReference, _ fields: [(RequestParameter, String)] = []
    ) -> XendRequest {
        .post(op, to: "domain", domain.pathSegment, fields: fields, domain: domain.pathSegment)
    }
}

/// The daemon's HTTP response as received: status, content type and body bytes.
struct XendResponse: Sendable {
    var status: Int
    var reason: String
    var contentType: String?
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
}
