#if canImport(Glibc)
    import Glibc
#endif

/// The methods, versions and header names nearly every request carries, as ready `String`s: the engine
/// hands these out for bytes that spell one of them instead of making and validating a new `String`
/// (some 150 instructions each, several per request; callgrind, docs/performance.md). The text is the
/// same either way; names keep the case they were sent in, as only an exact match is replaced.
enum KnownStrings {
    /// A table of candidates, each with its spelling as bytes, for one kind of string.
    struct Table: Sendable {
        private let entries: [(bytes: StaticString, text: String)]

        init(_ texts: [StaticString]) {
            entries = texts.map { ($0, $0.description) }
        }

        /// The known string `bytes` spell, or a new one.
        func string(_ bytes: UnsafeRawBufferPointer) -> String {
            for entry in entries where entry.bytes.utf8CodeUnitCount == bytes.count {
                if let base = bytes.baseAddress, memcmp(base, entry.bytes.utf8Start, bytes.count) == 0 {
                    return entry.text
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        /// The known string the C string `text` spells, or a new one.
        func string(cString text: UnsafePointer<CChar>) -> String {
            string(UnsafeRawBufferPointer(start: text, count: strlen(text)))
        }
    }

    static let methods = Table(["GET", "HEAD", "POST"])
    static let versions = Table(["HTTP/1.1", "HTTP/1.0"])
    static let headerNames = Table([
        "Host", "Connection", "Accept", "User-Agent", "Content-Type", "Content-Length", "Accept-Encoding",
        "Content-type", "Authorization", "Origin", "Sec-Fetch-Site", "Sec-Fetch-Dest", "Cookie",
    ])
    static let headerValues = Table(["keep-alive", "close", "Keep-Alive", "identity", "*/*"])
}
