/// The original daemon's keep-alive rule (xend-protocol.md §1.2): a connection stays open after a
/// response only when the request said `Connection: keep-alive`; HTTP/1.1 alone is not enough, and
/// `close` wins over `keep-alive`.
public enum ConnectionPersistence {
    /// Whether the connection stays open after answering a request with these headers.
    public static func keepsAlive(_ headers: HTTPHeaders) -> Bool {
        var keepAlive = false
        for field in headers where HTTPHeaders.sameName(field.name, "Connection") {
            for token in field.value.utf8.split(separator: UInt8(ascii: ",")) {
                let trimmed = Substring(token).trimmingSpaces
                if HTTPHeaders.sameName(String(trimmed), "close") { return false }
                if HTTPHeaders.sameName(String(trimmed), "keep-alive") { keepAlive = true }
            }
        }
        return keepAlive
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
