/// The original daemon's keep-alive rule (docs/protocol.md#keep-alive): a connection stays open after a
/// response only when the request said `Connection: keep-alive`; HTTP/1.1 alone is not enough, and
/// `close` wins over `keep-alive`.
public enum ConnectionPersistence {
    /// Whether the connection stays open after answering a request with these headers.
    public static func keepsAlive(_ headers: HTTPHeaders) -> Bool {
        var keepAlive = false
        for field in headers where HTTPHeaders.sameName(field.name, "Connection") {
            for token in field.value.utf8.split(separator: UInt8(ascii: ",")) {
                let trimmed = Substring(token).trimmingSpaces.utf8
                if equalsIgnoringCase(trimmed, "close") { return false }
                if equalsIgnoringCase(trimmed, "keep-alive") { keepAlive = true }
            }
        }
        return keepAlive
    }

    /// ASCII case-insensitive comparison without allocating (runs for every request).
    private static func equalsIgnoringCase(_ bytes: Substring.UTF8View, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { expected in
            zip(bytes, expected).allSatisfy { byte, wanted in
                ((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) == wanted
            }
        }
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
