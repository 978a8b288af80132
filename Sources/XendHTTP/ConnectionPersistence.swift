/// The original daemon's keep-alive rule (docs/protocol.md#keep-alive): a connection stays open after a
/// response only when the request said `Connection: keep-alive`; HTTP/1.1 alone is not enough, and
/// `close` wins over `keep-alive`.
public enum ConnectionPersistence {
    /// Whether the connection stays open after answering a request with these headers.
    public static func keepsAlive(_ headers: HTTPHeaders) -> Bool {
        var keepAlive = false
        for field in headers where HTTPHeaders.sameName(field.name, "Connection") {
            switch tokens(of: field.value) {
            case .close: return false
            case .keepAlive: keepAlive = true
            case .neither: continue
            }
        }
        return keepAlive
    }

    private enum Tokens {
        case close, keepAlive, neither
    }

    /// Reads a `Connection` value's comma-separated tokens (spaces and tabs around them ignored) in one
    /// pass over its UTF-8: every keep-alive request asks, and splitting into substrings cost 3k
    /// instructions (callgrind, docs/performance.md). `close` anywhere wins.
    private static func tokens(of value: String) -> Tokens {
        var value = value
        return value.withUTF8 { bytes in
            var found = Tokens.neither
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: ",") { end += 1 }
                let token = UnsafeBufferPointer(
                    rebasing: bytes[ASCIIBytes.trimmingSpacesAndTabs(start..<end, of: bytes)])
                if equalsIgnoringCase(token, "close") { return .close }
                if equalsIgnoringCase(token, "keep-alive") { found = .keepAlive }
                start = end + 1
            }
            return found
        }
    }

    /// ASCII case-insensitive comparison without allocating.
    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        ASCIIBytes.equalFoldingCase(
            bytes, UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount))
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
