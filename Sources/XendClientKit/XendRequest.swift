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
    var query: [(String, String)] = []
    var form: [(String, String)] = []
    /// The domain the request is about: a 404 then means "no such domain".
    var domain: String?

    /// The path and query, `/xend/domain/vm1?op=vcpuinfo`.
    var target: String {
        let path = "/xend/" + segments.map(FormEncoding.percentEncode).joined(separator: "/")
        return query.isEmpty ? path : path + "?" + FormEncoding.encode(query)
    }

    static func get(_ segments: String..., query: [(String, String)] = [], domain: String? = nil) -> XendRequest {
        XendRequest(method: .get, segments: segments, query: query, domain: domain)
    }

    static func post(_ segments: String..., form: [(String, String)], domain: String? = nil) -> XendRequest {
        XendRequest(method: .post, segments: segments, form: form, domain: domain)
    }

    /// An operation on one domain: POST `/xend/domain/<dom>` with `op=<op>` first, as libvirt sends it.
    static func domainOperation(_ op: String, on domain: DomainReference, _ fields: [(String, String)] = [])
        -> XendRequest
    {
        .post("domain", domain.pathSegment, form: [("op", op)] + fields, domain: domain.pathSegment)
    }
}

/// The daemon's answer: status, content type and body bytes.
struct XendReply: Sendable {
    var status: Int
    var reason: String
    var contentType: String?
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
}
