/// The original daemon's keep-alive rule (xend-protocol.md §1.2): a connection stays open after a
/// response only when the request said `Connection: keep-alive`; HTTP/1.1 alone is not enough, and
/// `close` wins over `keep-alive`.
public enum ConnectionPersistence {
    /// Whether the connection stays open after answering a request with these headers.
    public static func keepsAlive(_ headers: HTTPHeaders) -> Bool {
        let tokens = headers.all("Connection").flatMap { value in
            value.split(separator: ",").map { $0.trimmingSpaces.lowercased() }
        }
        return tokens.contains("keep-alive") && !tokens.contains("close")
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
