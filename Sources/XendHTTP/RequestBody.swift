/// A request body being received, with the engine's size cap (xend's was 10 000 bytes; ours is
/// configurable, 1 MiB by default). Once over the cap it keeps nothing and answers 413.
struct RequestBody: Sendable {
    /// The largest body accepted.
    let limit: Int
    /// The bytes received so far (empty once `exceeded`).
    private(set) var bytes: [UInt8] = []
    /// Whether more than `limit` bytes arrived.
    private(set) var exceeded = false
    /// Every byte received, kept or not.
    private(set) var received = 0

    /// Whether so much arrived past the cap that the connection should be dropped instead of read
    /// to the end for a 413 (a chunked body has no length to refuse up front).
    var shouldAbandon: Bool { exceeded && received > limit * 4 + 65536 }

    init(limit: Int) {
        self.limit = limit
    }

    /// Whether a `Content-Length` header already announces more than `limit` bytes, so the request
    /// can be refused before its body is read (the original answered 413 and closed).
    static func announcesMoreThan(_ limit: Int, contentLength: String?) -> Bool {
        guard let contentLength, let length = UInt64(contentLength.trimmingCharacters(in: " \t")) else {
            return false
        }
        return length > UInt64(max(limit, 0))
    }

    /// Whether the request carries several `Content-Length` headers that disagree. libmicrohttpd reads
    /// the first one; a proxy in front may read another, so the rest of the body would be taken as a
    /// second request (request smuggling). RFC 9112 §6.3 says to refuse such a message.
    static func hasConflictingLengths(_ headers: HTTPHeaders) -> Bool {
        var first: String?
        for field in headers where HTTPHeaders.sameName(field.name, "Content-Length") {
            let length = field.value.trimmingCharacters(in: " \t")
            guard let first else {
                first = length
                continue
            }
            if length != first { return true }
        }
        return false
    }

    /// Adds a chunk; returns `false` once the body is over the cap.
    mutating func append(_ chunk: UnsafeRawBufferPointer) -> Bool {
        received += chunk.count
        guard !exceeded else { return false }
        guard bytes.count + chunk.count <= limit else {
            exceeded = true
            bytes = []
            return false
        }
        bytes.append(contentsOf: chunk)
        return true
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(
            Substring(self).drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}
