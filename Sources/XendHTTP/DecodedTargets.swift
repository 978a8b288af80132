import ThreadShards

/// What the last request without a body decoded from its target (path, query, path segments,
/// parameters), reused by the next request with the same target and `Content-Type`.
///
/// Clients probe the same target over and over (`GET /xend/node/`), and splitting and decoding it
/// again cost some 1.3k instructions per request, most of it the segments' array and strings
/// (callgrind, docs/performance.md). Without a body the decoding depends on the target and the
/// `Content-Type` only (a multipart type without a boundary fails even so), so a kept result is
/// exactly what decoding again would give. Each worker thread keeps its own (``ThreadShards``), so that
/// threads do not take the lock and the kept result's reference count from each other (docs/performance.md,
/// "One slot per thread").
final class DecodedTargets: Sendable {
    /// A class, so that reading it out of the lock retains one object rather than each field.
    private final class Kept: Sendable {
        let target: String
        let contentType: String?
        let path: String
        let query: String?
        let decoded: HTTPRequest.Decoded

        init(target: String, contentType: String?, path: String, query: String?, decoded: HTTPRequest.Decoded) {
            self.target = target
            self.contentType = contentType
            self.path = path
            self.query = query
            self.decoded = decoded
        }
    }

    private let last = ThreadShards<Kept?> { nil }

    /// The target's path and query and the decoding of a request with `target`, `contentType` and no body.
    func decoded(target: String, contentType: String?) -> (
        path: String, query: String?, decoded: HTTPRequest.Decoded
    ) {
        if let kept = last.withCurrent({ $0 }), kept.target == target, kept.contentType == contentType {
            return (kept.path, kept.query, kept.decoded)
        }
        let (path, query) = HTTPRequest.split(target: target)
        let decoded = HTTPRequest.Decoded(path: path, query: query, body: [], contentType: contentType)
        let kept = Kept(target: target, contentType: contentType, path: path, query: query, decoded: decoded)
        last.withCurrent { $0 = kept }
        return (path, query, decoded)
    }
}
